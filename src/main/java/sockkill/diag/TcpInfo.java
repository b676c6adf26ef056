package sockkill.diag;

import sockkill.netlink.Attribute;

/**
 * The fields of {@code struct tcp_info} (INET_DIAG_INFO) that tell a silent or a vanished peer, as
 * listings, match and why show them. Decoded by {@link TcpCounters}, which knows the offsets; older
 * kernels send a shorter struct, and fields beyond what was sent read as -1 (unknown).
 */
public record TcpInfo(int retransmits, int backoff, long lastDataSentMillis, long lastDataReceivedMillis,
        long lastAckReceivedMillis, long totalRetransmits, int probes, long unacked, long rtoMicros) {
    /** The INET_DIAG_INFO attribute of a dump or lookup reply; fields a shorter struct lacks are -1. */
    public static TcpInfo decode(Attribute a) {
        TcpCounters c = TcpCounters.decode(a.buffer(), a.valueOffset(), a.valueLength());
        return new TcpInfo(c.retransmits(), c.backoff(), c.lastDataSentMillis(), c.lastDataReceivedMillis(),
                c.lastAckReceivedMillis(), c.totalRetransmits(), c.probes(), c.unacked(), c.rtoMicros());
    }
}
