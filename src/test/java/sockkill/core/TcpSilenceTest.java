package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

/** What --idle and --stuck take from tcp_info, and the uid of entries that belong to no one. */
class TcpSilenceTest {
    private static SocketEntry tcp(int state, long sendQueue, TcpInfo info) {
        return SocketEntry.inet(Netid.TCP, Kernel.AF_INET, state, new SockId(40000, 22, new byte[16], new byte[16], 0, 1),
                0, sendQueue, 1000, 1000, SocketEntry.Source.SOCK_DIAG, info);
    }

    /** tcp_info with the three clocks --idle reads: ms since data sent, data received, ack received. */
    private static SocketEntry established(long dataSent, long dataReceived, long ackReceived) {
        return tcp(Kernel.TCP_ESTABLISHED, 0, new TcpInfo(0, 0, dataSent, dataReceived, ackReceived, 0, 0, 0, -1));
    }

    @Test
    void idleWhenNothingWasSentReceivedOrAcknowledgedForLongEnough() {
        assertTrue(TcpSilence.idle(established(5000, 5000, 5000), 5000));
        assertTrue(TcpSilence.idle(established(9000, 7000, 8000), 5000));
    }

    @Test
    void aBulkSenderThatReceivesNoDataIsNotIdle() {
        // sent 10 ms ago, acknowledged 10 ms ago, never received data (counts from the start)
        assertFalse(TcpSilence.idle(established(10, 60_000, 10), 5000));
    }

    @Test
    void eachClockAloneKeepsAConnectionFromBeingIdle() {
        assertFalse(TcpSilence.idle(established(4999, 9000, 9000), 5000), "data sent recently");
        assertFalse(TcpSilence.idle(established(9000, 4999, 9000), 5000), "data received recently");
        assertFalse(TcpSilence.idle(established(9000, 9000, 4999), 5000),
                "an acknowledgement received recently (a sender stalled on a zero window whose probes are answered)");
    }

    @Test
    void aClockTheKernelDidNotSendMeansNotIdle() {
        assertFalse(TcpSilence.idle(established(9000, -1, 9000), 5000));
        assertFalse(TcpSilence.idle(tcp(Kernel.TCP_ESTABLISHED, 0, null), 0), "no tcp_info at all");
    }

    @Test
    void stuckNeedsRetransmissionsUnacknowledgedDataAndASilentPeer() {
        TcpInfo retransmitting = new TcpInfo(3, 2, 100, 9000, 9000, 3, 0, 1, -1);
        assertTrue(TcpSilence.stuck(tcp(Kernel.TCP_ESTABLISHED, 4096, retransmitting), 5000));
        assertFalse(TcpSilence.stuck(tcp(Kernel.TCP_ESTABLISHED, 0, retransmitting), 5000), "nothing unacknowledged");
        assertTrue(TcpSilence.stuck(tcp(Kernel.TCP_SYN_SENT, 0, retransmitting), 5000), "an unanswered SYN");
        assertFalse(TcpSilence.stuck(tcp(Kernel.TCP_ESTABLISHED, 4096, new TcpInfo(0, 0, 100, 9000, 9000, 0, 0, 1, -1)), 5000));
    }

    @Test
    void timeWaitAndSynRecvEntriesHaveNoKnownUidWhateverTheKernelSays() {
        // inet_diag (and /proc/net/tcp for TIME-WAIT) report uid 0 for entries of any user's connections
        assertEquals(-1, tcp(Kernel.TCP_TIME_WAIT, 0, null).uid());
        assertEquals(-1, tcp(Kernel.TCP_SYN_RECV, 0, null).uid());
        assertEquals(1000, tcp(Kernel.TCP_ESTABLISHED, 0, null).uid());
        assertEquals(1000, tcp(Kernel.TCP_LISTEN, 0, null).uid());
    }
}
