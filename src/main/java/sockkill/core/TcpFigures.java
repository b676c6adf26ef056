package sockkill.core;

import java.util.Optional;

import sockkill.diag.TcpInfo;

/**
 * The figures that tell a dead peer from a quiet one, in words: how long since data came and went
 * and since the last ack, what is unacknowledged, retransmitted, probed. A peer that vanished
 * leaves a connection that hears nothing (and, if the process sent something since, retransmits
 * it); a quiet live peer still acks what it is sent.
 */
public final class TcpFigures {
    private TcpFigures() {
    }

    /**
     * "last data received 4.6 s ago, last data sent 4.6 s ago, last ack received 4.6 s ago,
     * 0 unacked, 0 retransmits (backoff 0), 0 probes"; for a socket without tcp_info, its queues.
     */
    public static String of(SocketEntry s) {
        Optional<TcpInfo> info = s.tcpInfo();
        if (info.isEmpty()) {
            return "recv-q " + s.receiveQueue() + ", send-q " + s.sendQueue();
        }
        TcpInfo t = info.get();
        return "last data received " + ago(t.lastDataReceivedMillis())
                + ", last data sent " + ago(t.lastDataSentMillis())
                + ", last ack received " + ago(t.lastAckReceivedMillis())
                + ", " + count(t.unacked()) + " unacked, " + count(t.retransmits()) + " retransmits (backoff "
                + count(t.backoff()) + "), " + count(t.probes()) + " probes";
    }

    /** "4.6 s ago", "?" when the kernel did not say. */
    public static String ago(long millis) {
        return millis < 0 ? "?" : seconds(millis) + " ago";
    }

    /** "4.6 s" (to the nearest tenth; without String.format, whose locale machinery costs start-up). */
    public static String seconds(long millis) {
        long tenths = (millis + 50) / 100;
        return tenths / 10 + "." + tenths % 10 + " s";
    }

    private static String count(long n) {
        return n < 0 ? "?" : Long.toString(n);
    }
}
