package sockkill.core;

import java.util.Optional;

import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

/** How long a TCP connection has been silent, from its tcp_info: the signs of a peer that went away. */
public final class TcpSilence {
    private TcpSilence() {
    }

    /**
     * Received no data for at least {@code millis} (tcpi_last_data_recv). A connection that never
     * received anything counts from its start. Sockets without tcp_info (TIME-WAIT, SYN-RECV
     * entries, non-TCP) never qualify.
     */
    public static boolean idle(SocketEntry s, long millis) {
        Optional<TcpInfo> info = s.tcpInfo();
        return info.isPresent() && info.get().lastDataReceivedMillis() >= millis;
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
