package sockkill.diag;

import java.nio.ByteBuffer;

import sockkill.netlink.Attribute;

/**
 * The few fields of {@code struct tcp_info} (INET_DIAG_INFO) that tell a silent or a vanished peer,
 * at their offsets in <linux/tcp.h>. Older kernels send a shorter struct; fields beyond what was
 * sent read as -1 (unknown).
 * <pre>
 *   0  u8   tcpi_state
 *   2  u8   tcpi_retransmits   consecutive retransmissions of the oldest unacked segment
 *   4  u8   tcpi_backoff
 *  44  u32  tcpi_last_data_sent  ms since data was last sent
 *  52  u32  tcpi_last_data_recv  ms since data was last received
 *  56  u32  tcpi_last_ack_recv   ms since an ack was last received
 * 100  u32  tcpi_total_retrans
 * </pre>
 */
public record TcpInfo(int retransmits, int backoff, long lastDataSentMillis, long lastDataReceivedMillis,
        long lastAckReceivedMillis, long totalRetransmits) {
    private static final int RETRANSMITS = 2;
    private static final int BACKOFF = 4;
    private static final int LAST_DATA_SENT = 44;
    private static final int LAST_DATA_RECV = 52;
    private static final int LAST_ACK_RECV = 56;
    private static final int TOTAL_RETRANS = 100;

    public static TcpInfo decode(Attribute a) {
        ByteBuffer b = a.buffer();
        int at = a.valueOffset();
        int length = a.valueLength();
        return new TcpInfo(
                u8(b, at, length, RETRANSMITS),
                u8(b, at, length, BACKOFF),
                u32(b, at, length, LAST_DATA_SENT),
                u32(b, at, length, LAST_DATA_RECV),
                u32(b, at, length, LAST_ACK_RECV),
                u32(b, at, length, TOTAL_RETRANS));
    }

    private static int u8(ByteBuffer b, int at, int length, int field) {
        return field < length ? Byte.toUnsignedInt(b.get(at + field)) : -1;
    }

    private static long u32(ByteBuffer b, int at, int length, int field) {
        return field + 4 <= length ? Integer.toUnsignedLong(b.getInt(at + field)) : -1;
    }
}
