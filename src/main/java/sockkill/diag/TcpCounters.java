package sockkill.diag;

import java.nio.ByteBuffer;

/**
 * The fields of {@code struct tcp_info} a keepalive probe watches, at their offsets in
 * <linux/tcp.h>, as getsockopt(TCP_INFO) or INET_DIAG_INFO return them. A kernel may send a
 * shorter struct; fields beyond what was sent read as -1 (unknown).
 * <pre>
 *   0  u8   tcpi_state          TCP_ESTABLISHED, TCP_CLOSE... (net/tcp_states.h)
 *   2  u8   tcpi_retransmits    consecutive retransmissions of the oldest unacked segment
 *   3  u8   tcpi_probes         keepalive or zero-window probes sent without an answer
 *   4  u8   tcpi_backoff        exponential backoff of the retransmit timer
 *   8  u32  tcpi_rto            retransmit timeout, us (backoff included)
 *  24  u32  tcpi_unacked        segments sent and not acknowledged
 *  44  u32  tcpi_last_data_sent ms since data was last sent (retransmissions included)
 *  52  u32  tcpi_last_data_recv ms since data was last received
 *  56  u32  tcpi_last_ack_recv  ms since an ack was last received
 *  68  u32  tcpi_rtt            smoothed round-trip time, us
 * 100  u32  tcpi_total_retrans
 * 136  u32  tcpi_segs_out       segments sent, probes and retransmissions included (Linux 4.2)
 * 140  u32  tcpi_segs_in        segments received from the peer, whatever they carry (Linux 4.2)
 * 144  u32  tcpi_notsent_bytes  bytes queued and not yet sent (Linux 4.6)
 * </pre>
 */
public record TcpCounters(int state, int retransmits, int probes, int backoff, long rtoMicros, long unacked,
        long lastDataSentMillis, long lastDataReceivedMillis, long lastAckReceivedMillis, long rttMicros,
        long totalRetransmits, long segmentsOut, long segmentsIn, long notSentBytes) {
    private static final int STATE = 0;
    private static final int RETRANSMITS = 2;
    private static final int PROBES = 3;
    private static final int BACKOFF = 4;
    private static final int RTO = 8;
    private static final int UNACKED = 24;
    private static final int LAST_DATA_SENT = 44;
    private static final int LAST_DATA_RECV = 52;
    private static final int LAST_ACK_RECV = 56;
    private static final int RTT = 68;
    private static final int TOTAL_RETRANS = 100;
    private static final int SEGS_OUT = 136;
    private static final int SEGS_IN = 140;
    private static final int NOTSENT_BYTES = 144;

    /** The struct in {@code b} from its position to its limit (native byte order). */
    public static TcpCounters decode(ByteBuffer b) {
        int at = b.position();
        int length = b.remaining();
        if (length < 1) {
            throw new IllegalArgumentException("empty tcp_info");
        }
        return decode(b, at, length);
    }

    /**
     * The {@code length} bytes of {@code b} at {@code at} (native byte order); a field the kernel
     * did not send (an older, shorter struct) is -1.
     */
    static TcpCounters decode(ByteBuffer b, int at, int length) {
        return new TcpCounters(
                u8(b, at, length, STATE),
                u8(b, at, length, RETRANSMITS),
                u8(b, at, length, PROBES),
                u8(b, at, length, BACKOFF),
                u32(b, at, length, RTO),
                u32(b, at, length, UNACKED),
                u32(b, at, length, LAST_DATA_SENT),
                u32(b, at, length, LAST_DATA_RECV),
                u32(b, at, length, LAST_ACK_RECV),
                u32(b, at, length, RTT),
                u32(b, at, length, TOTAL_RETRANS),
                u32(b, at, length, SEGS_OUT),
                u32(b, at, length, SEGS_IN),
                u32(b, at, length, NOTSENT_BYTES));
    }

    /** True when the kernel said how many segments went each way (Linux 4.2 and later). */
    public boolean countsSegments() {
        return segmentsIn >= 0 && segmentsOut >= 0;
    }

    private static int u8(ByteBuffer b, int at, int length, int field) {
        return field < length ? Byte.toUnsignedInt(b.get(at + field)) : -1;
    }

    private static long u32(ByteBuffer b, int at, int length, int field) {
        return field + 4 <= length ? Integer.toUnsignedLong(b.getInt(at + field)) : -1;
    }
}
