package sockkill.core;

import java.util.Optional;

import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

/** How long a TCP connection has been silent, from its tcp_info: the signs of a peer that went away. */
public final class TcpSilence {
    private TcpSilence() {
    }

    /**
     * Idle: no traffic either way for at least {@code millis}: no data sent (tcpi_last_data_sent), no
     * data received (tcpi_last_data_recv) and no acknowledgement received (tcpi_last_ack_recv). A
     * bulk sender that hears nothing back but acknowledgements is busy, not idle; so is a sender
     * stalled on a zero window whose probes the peer answers. A connection that never sent or
     * received counts from its start. Sockets without tcp_info (TIME-WAIT, SYN-RECV entries, non-TCP),
     * or whose kernel did not send one of the three fields, never qualify.
     */
    public static boolean idle(SocketEntry s, long millis) {
        Optional<TcpInfo> info = s.tcpInfo();
        if (info.isEmpty()) {
            return false;
        }
        TcpInfo i = info.get();
        return i.lastDataSentMillis() >= millis && i.lastDataReceivedMillis() >= millis
                && i.lastAckReceivedMillis() >= millis;
    }

    /**
     * Stuck: the kernel is retransmitting (tcpi_retransmits > 0) data it sent, or its SYN, and has
     * heard no acknowledgement for at least {@code millis} (tcpi_last_ack_recv): a peer that vanished.
     */
    public static boolean stuck(SocketEntry s, long millis) {
        Optional<TcpInfo> info = s.tcpInfo();
        if (info.isEmpty() || info.get().retransmits() <= 0) {
            return false;
        }
        boolean waiting = s.sendQueue() > 0 || s.state() == Kernel.TCP_SYN_SENT;
        return waiting && info.get().lastAckReceivedMillis() >= millis;
    }
}
