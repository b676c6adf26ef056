package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import sockkill.diag.TcpCounters;
import sockkill.sys.Kernel;

/**
 * The decision about one probed connection, from tcp_info alone: answered, timed out, reset,
 * silent, undecided; probes left unanswered before do not count; a sender with data in flight is
 * proven silent only by a retransmission seen during the probe.
 */
class ProbeWatchTest {
    /** Kills after 2 unanswered probes, waits 3 s. */
    private static final ProbeSettings ENDS = new ProbeSettings(3, true);
    /** Only looks: the kernel is given 4 probes, sockkill says silent after 2. */
    private static final ProbeSettings LOOKS = new ProbeSettings(3, false);

    /** An established, idle connection: nothing either way for {@code idleMillis}; 10 segments out, 8 in. */
    private static Counters idle(long idleMillis) {
        return new Counters(Kernel.TCP_ESTABLISHED, 0, 0, 0, 200_000, 0, idleMillis, idleMillis, idleMillis, 10, 8, 0);
    }

    /** A mutable way to write the next look at the connection. */
    private record Counters(int state, int retransmits, int probes, int backoff, long rtoMicros, long unacked,
            long lastDataSent, long lastDataReceived, long lastAckReceived, long segsOut, long segsIn, long notSent,
            long totalRetrans) {
        Counters(int state, int retransmits, int probes, int backoff, long rtoMicros, long unacked, long lastDataSent,
                long lastDataReceived, long lastAckReceived, long segsOut, long segsIn, long notSent) {
            this(state, retransmits, probes, backoff, rtoMicros, unacked, lastDataSent, lastDataReceived,
                    lastAckReceived, segsOut, segsIn, notSent, 0);
        }

        TcpCounters tcp() {
            return new TcpCounters(state, retransmits, probes, backoff, rtoMicros, unacked, lastDataSent,
                    lastDataReceived, lastAckReceived, 300, totalRetrans, segsOut, segsIn, notSent);
        }

        Counters state(int s) {
            return new Counters(s, retransmits, probes, backoff, rtoMicros, unacked, lastDataSent, lastDataReceived,
                    lastAckReceived, segsOut, segsIn, notSent, totalRetrans);
        }

        /** {@code n} more probes sent (and unanswered), each a segment out. */
        Counters probed(int n) {
            return new Counters(state, retransmits, probes + n, backoff, rtoMicros, unacked, lastDataSent,
                    lastDataReceived, lastAckReceived, segsOut + n, segsIn, notSent, totalRetrans);
        }

        /** A segment from the peer. */
        Counters heard() {
            return new Counters(state, retransmits, 0, backoff, rtoMicros, unacked, lastDataSent, lastDataReceived, 0,
                    segsOut, segsIn + 1, notSent, totalRetrans);
        }

        Counters retransmitted() {
            return new Counters(state, retransmits + 1, probes, backoff, rtoMicros, unacked, 0, lastDataReceived,
                    lastAckReceived, segsOut + 1, segsIn, notSent, totalRetrans + 1);
        }

        Counters inFlight(long segments, long rtoMicros, long lastDataSent) {
            return new Counters(state, 1, probes, 3, rtoMicros, segments, lastDataSent, lastDataReceived,
                    lastAckReceived, segsOut, segsIn, notSent, totalRetrans);
        }

        Counters waiting(long notSentBytes) {
            return new Counters(state, retransmits, probes, backoff, rtoMicros, unacked, lastDataSent,
                    lastDataReceived, lastAckReceived, segsOut, segsIn, notSentBytes, totalRetrans);
        }

        Counters withProbes(int n) {
            return new Counters(state, retransmits, n, backoff, rtoMicros, unacked, lastDataSent, lastDataReceived,
                    lastAckReceived, segsOut, segsIn, notSent, totalRetrans);
        }
    }

    private static PeerVerdict.Kind kind(Optional<PeerVerdict> v) {
        return v.map(PeerVerdict::kind).orElse(null);
    }

    @Test
    void anythingFromThePeerMeansAliveAtOnce() {
        Counters before = idle(60_000);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        assertTrue(w.observe(before.probed(1).tcp(), 50).isEmpty(), "a probe out, no answer yet");
        Optional<PeerVerdict> v = w.observe(before.probed(1).heard().tcp(), 912);
        assertEquals(PeerVerdict.Kind.ANSWERED, kind(v));
        assertEquals(912, v.get().afterMillis());
        assertEquals("peer answered after 0.9 s", v.get().words());
    }

    @Test
    void theKernelEndingTheConnectionWithNothingFromThePeerIsATimeout() {
        Counters before = idle(60_000);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        w.observe(before.probed(1).tcp(), 50);
        w.observe(before.probed(2).tcp(), 1050);
        Optional<PeerVerdict> v = w.observe(before.probed(2).state(Kernel.TCP_CLOSE).tcp(), 2010);
        assertEquals(PeerVerdict.Kind.TIMED_OUT, kind(v));
        assertEquals("peer silent for 2.0 s, connection timed out", v.get().words());
        assertTrue(v.get().dead() && v.get().ended());
    }

    @Test
    void anEndRightAfterSomethingCameInIsTheResetOfAPeerThatForgotTheConnection() {
        Counters before = idle(60_000);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        Optional<PeerVerdict> v = w.observe(before.probed(1).heard().state(Kernel.TCP_CLOSE).tcp(), 60);
        assertEquals(PeerVerdict.Kind.RESET, kind(v));
        assertTrue(v.get().ended());
        assertTrue(!v.get().dead(), "the peer answered: not proven dead, only gone");
    }

    @Test
    void aFinIsAnAnswerAndAnEndByItsOwnProcessIsGone() {
        Counters before = idle(60_000);
        Optional<PeerVerdict> fin = new ProbeWatch(before.tcp(), ENDS)
                .observe(before.heard().state(Kernel.TCP_CLOSE_WAIT).tcp(), 300);
        assertEquals(PeerVerdict.Kind.ANSWERED, kind(fin));
        assertTrue(fin.get().words().contains("CLOSE-WAIT"), fin.get().words());
        Optional<PeerVerdict> closed = new ProbeWatch(before.tcp(), ENDS)
                .observe(before.state(Kernel.TCP_FIN_WAIT1).tcp(), 300);
        assertEquals(PeerVerdict.Kind.GONE, kind(closed));
    }

    @Test
    void aProbeThatOnlyLooksCallsThePeerSilentWhenTheKernelWouldHaveEndedIt() {
        Counters before = idle(60_000);
        ProbeWatch w = new ProbeWatch(before.tcp(), LOOKS);
        assertTrue(w.observe(before.probed(1).tcp(), 50).isEmpty());
        assertTrue(w.observe(before.probed(2).tcp(), 1050).isEmpty(), "2 unanswered: the ending probe ends now");
        Optional<PeerVerdict> v = w.observe(before.probed(3).tcp(), 2050);
        assertEquals(PeerVerdict.Kind.SILENT, kind(v));
        assertEquals("peer silent for 2.1 s (2 keepalive probes unanswered)", v.get().words());
    }

    @Test
    void aProbeThatMayEndLeavesTheVerdictToTheKernelUntilTheDeadline() {
        Counters before = idle(60_000);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        assertTrue(w.observe(before.probed(1).tcp(), 50).isEmpty());
        assertTrue(w.observe(before.probed(3).tcp(), 2050).isEmpty());
        PeerVerdict v = w.conclude(before.probed(3).tcp(), 3000);
        assertEquals(PeerVerdict.Kind.SILENT, v.kind(), "a probe out for over a second, unanswered");
        assertEquals("peer silent for 3.0 s (3 keepalive probes unanswered)", v.words());
    }

    @Test
    void probesLeftUnansweredBeforeTheProbeDoNotCount() {
        // an earlier probe (why --probe) left 3 unanswered: the count is not reset until an answer
        Counters before = idle(60_000).withProbes(3);
        ProbeWatch w = new ProbeWatch(before.tcp(), LOOKS);
        assertTrue(w.observe(before.tcp(), 50).isEmpty(), "nothing sent yet");
        assertTrue(w.observe(before.probed(2).tcp(), 1050).isEmpty());
        assertEquals(PeerVerdict.Kind.SILENT, kind(w.observe(before.probed(3).tcp(), 2050)));
        assertEquals(PeerVerdict.Kind.UNDECIDED, new ProbeWatch(before.tcp(), ENDS).conclude(before.tcp(), 3000).kind(),
                "old probes are no proof");
    }

    @Test
    void nothingSentIsNoProof() {
        Counters before = idle(60_000);
        PeerVerdict v = new ProbeWatch(before.tcp(), ENDS).conclude(before.tcp(), 3000);
        assertEquals(PeerVerdict.Kind.UNDECIDED, v.kind());
        assertEquals("not proven: no probe went out within 3.0 s", v.words());
    }

    @Test
    void aSenderWithDataInFlightIsProvenSilentByARetransmissionSeenDuringTheProbe() {
        Counters before = idle(30_000).inFlight(3, 400_000, 150);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        assertTrue(w.observe(before.retransmitted().tcp(), 250).isEmpty());
        PeerVerdict v = w.conclude(before.retransmitted().tcp(), 3000);
        assertEquals(PeerVerdict.Kind.SILENT, v.kind());
        assertEquals("peer silent for 3.0 s (a retransmission of its data unanswered)", v.words());
    }

    @Test
    void aRetransmissionTooLateToBeAnsweredProvesNothing() {
        Counters before = idle(30_000).inFlight(3, 400_000, 150);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        w.observe(before.retransmitted().tcp(), 2500);
        assertEquals(PeerVerdict.Kind.UNDECIDED, w.conclude(before.retransmitted().tcp(), 3000).kind());
    }

    @Test
    void aSenderWhoseNextRetransmissionIsFarIsUndecidedWithWhenItIsDue() {
        // backed off: the retransmit timer is at 8 s, the last retransmission 2 s ago
        Counters before = idle(95_000).inFlight(3, 8_000_000, 2000);
        PeerVerdict v = new ProbeWatch(before.tcp(), ENDS).conclude(before.tcp(), 3000);
        assertEquals(PeerVerdict.Kind.UNDECIDED, v.kind());
        assertEquals("not proven: 3 segments wait to be acknowledged (keepalive sends no probe then), and the kernel "
                + "did not retransmit within 3.0 s: its next retransmission is due in about 6.0 s (--probe-timeout 8 "
                + "waits for it); last ack received 95.0 s ago", v.words());
    }

    @Test
    void aClosedWindowWithUnansweredWindowProbesIsSilent() {
        Counters before = idle(20_000).waiting(65536);
        ProbeWatch w = new ProbeWatch(before.tcp(), ENDS);
        w.observe(before.probed(1).tcp(), 400);
        PeerVerdict v = w.conclude(before.probed(1).tcp(), 3000);
        assertEquals(PeerVerdict.Kind.SILENT, v.kind());
        assertEquals("peer silent for 3.0 s (1 window probe unanswered)", v.words());
        assertTrue(new ProbeWatch(before.tcp(), ENDS).conclude(before.tcp(), 3000).words()
                .startsWith("not proven: data waits to be sent and the peer's window is closed"));
    }

    @Test
    void onlyEstablishedConnectionsWithSegmentCountsCanBeProbed() {
        assertTrue(ProbeWatch.unprobeable(idle(1).tcp()).isEmpty());
        assertTrue(ProbeWatch.unprobeable(idle(1).state(Kernel.TCP_SYN_SENT).tcp()).orElseThrow()
                .startsWith("SYN-SENT: its handshake never completed"));
        assertEquals("a listener has no peer to probe",
                ProbeWatch.unprobeable(idle(1).state(Kernel.TCP_LISTEN).tcp()).orElseThrow());
        assertEquals("it is CLOSE-WAIT, not established: keepalive probes only established connections",
                ProbeWatch.unprobeable(idle(1).state(Kernel.TCP_CLOSE_WAIT).tcp()).orElseThrow());
        TcpCounters old = new TcpCounters(Kernel.TCP_ESTABLISHED, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, -1, -1, -1);
        assertTrue(ProbeWatch.unprobeable(old).orElseThrow().contains("does not count segments"));
    }

    @Test
    void aConnectionThatHeardSomethingLessThanASecondAgoGetsTheRestOfThatSecond() {
        assertEquals(3000, new ProbeWatch(idle(5000).tcp(), ENDS).deadlineMillis());
        assertEquals(3700, new ProbeWatch(idle(300).tcp(), ENDS).deadlineMillis());
        assertEquals(4000, new ProbeWatch(idle(0).tcp(), ENDS).deadlineMillis());
    }
}
