package sockkill.diag;

import java.nio.ByteBuffer;

import sockkill.netlink.Attribute;

/**
 * The fields of {@code struct tcp_info} (INET_DIAG_INFO) that tell a silent or a vanished peer,
 * at their offsets in <linux/tcp.h>. Older kernels send a shorter struct; fields beyond what was
 * sent read as -1 (unknown).
 * <pre>
 *   0  u8   tcpi_state
 *   2  u8   tcpi_retransmits   consecutive retransmissions of the oldest unacked segment
 *   3  u8   tcpi_probes        zero-window or keepalive probes sent without an answer
 *   4  u8   tcpi_backoff       exponential backoff of the retransmit timer
 *   8  u32  tcpi_rto           retransmit timeout, us
 *  24  u32  tcpi_unacked       segments sent and not acknowledged
 *  44  u32  tcpi_last_data_sent  ms since data was last sent
 *  52  u32  tcpi_last_data_recv  ms since data was last received
 *  56  u32  tcpi_last_ack_recv   ms since an ack was last received
 * 100  u32  tcpi_total_retrans
 * </pre>
 */
public record TcpInfo(int retransmits, int backoff, long lastDataSentMillis, long lastDataReceivedMillis,
        long lastAckReceivedMillis, long totalRetransmits, int probes, long unacked, long rtoMicros) {
    private static final int RETRANSMITS = 2;
    private static final int PROBES = 3;
    private static final int BACKOFF = 4;
    private static final int RTO = 8;
    private static final int UNACKED = 24;
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
                u32(b, at, length, TOTAL_RETRANS),
                u8(b, at, length, PROBES),
                u32(b, at, length, UNACKED),
                u32(b, at, length, RTO));
    }

    private static int u8(ByteBuffer b, int at, int length, int field) {
        return field < length ? Byte.toUnsignedInt(b.get(at + field)) : -1;
    }

    private static long u32(ByteBuffer b, int at, int length, int field) {
        return field + 4 <= length ? Integer.toUnsignedLong(b.getInt(at + field)) : -1;
    }
}
