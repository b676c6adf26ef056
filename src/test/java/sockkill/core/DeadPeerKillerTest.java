package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sockkill.proc.FdOwner;
import sockkill.proc.ProcFs;
import sockkill.sys.Kernel;

/**
 * What becomes of a probed connection, verdict by verdict, for --if-dead and for a kill without
 * CAP_NET_ADMIN; and the exit status of several. (The kills themselves, which need a kernel, are
 * tested in ProbeIT.)
 */
class DeadPeerKillerTest {
    @TempDir
    Path root;
    private ProcFs proc;

    private static final KillOptions KILL = new KillOptions(false, false);
    private static final KillOptions DRY_RUN = new KillOptions(true, false);
    private static final KillOptions SHUTDOWN = new KillOptions(false, true);

    @BeforeEach
    void fakeProc() throws IOException {
        Files.createDirectories(root.resolve("42"));
        Files.writeString(root.resolve("42/comm"), "mutt\n");
        proc = new ProcFs(root);
    }

    private static ProbeResult result(PeerVerdict.Kind kind, String words, Boolean restored) {
        ListedSocket l = new ListedSocket(Sockets.tcp(Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143),
                List.of(new FdOwner(42, 3, "mutt")));
        KeepaliveSettings before = new KeepaliveSettings(false, 7200, 75, 9, 0);
        return new ProbeResult(new ProbeTarget(42, 3, 1000, l), new PeerVerdict(kind, 2000, words),
                restored == null ? null : before, restored, "");
    }

    private DeadPeerKiller killer(KillOptions options, DeadPeerKiller.Why why) {
        return new DeadPeerKiller(proc, options, 3, why);
    }

    @Test
    void aConnectionTheKernelTimedOutIsReportedKilledWithTheProbesWords() throws IOException {
        DeadPeerKiller.ProbedKill k = killer(KILL, DeadPeerKiller.Why.ASKED).settle(
                result(PeerVerdict.Kind.TIMED_OUT, "peer silent for 2.0 s, connection timed out", null));
        assertNull(k.problem());
        assertEquals(KillOutcome.KILLED, k.report().outcome());
        assertEquals("probed: peer silent for 2.0 s, connection timed out", k.report().detail());
        assertEquals("pid 42 fd 3", k.report().target());
    }

    @Test
    void aPeerThatAnsweredIsAliveAndNothingIsKilled() throws IOException {
        DeadPeerKiller.ProbedKill k = killer(KILL, DeadPeerKiller.Why.ASKED).settle(
                result(PeerVerdict.Kind.ANSWERED, "peer answered after 0.9 s", true));
        assertNull(k.report());
        assertEquals(Problem.Kind.ALIVE, k.problem().kind());
        assertEquals("nothing was killed: the peer of tcp 10.0.0.1:40000 <-> 10.0.0.2:143 ESTAB inode 1000 answered, "
                + "so it is alive (probed: peer answered after 0.9 s); its keepalive settings are as before",
                k.problem().getMessage());
    }

    @Test
    void withoutCapNetAdminAnAnsweringPeerIsAliveAndTheMessageSaysWhy() throws IOException {
        DeadPeerKiller.ProbedKill k = killer(KILL, DeadPeerKiller.Why.UNPRIVILEGED).settle(
                result(PeerVerdict.Kind.ANSWERED, "peer answered after 0.1 s", true));
        assertEquals(Problem.Kind.ALIVE, k.problem().kind());
        // which right is missing depends on who runs the test: a user lacks CAP_NET_ADMIN
        assertTrue(k.problem().getMessage().contains("; without CAP_"), k.problem().getMessage());
        assertTrue(k.problem().getMessage().endsWith(" sockkill kills only connections whose peer is proven dead (with "
                + "it, as root has it, 'sockkill pid 42 fd 3' kills it anyway)"), k.problem().getMessage());
    }

    @Test
    void aDryRunFindsASilentPeerAndKillsNothing() throws IOException {
        DeadPeerKiller.ProbedKill k = killer(DRY_RUN, DeadPeerKiller.Why.ASKED).settle(
                result(PeerVerdict.Kind.SILENT, "peer silent for 2.1 s (2 keepalive probes unanswered)", true));
        assertEquals(KillOutcome.FOUND, k.report().outcome());
        assertTrue(k.report().detail().startsWith("dry run: probed: peer silent"), k.report().detail());
    }

    @Test
    void whatCannotBeProvenIsNotKilledWithIfDead() throws IOException {
        DeadPeerKiller.ProbedKill udp = killer(KILL, DeadPeerKiller.Why.ASKED).settle(
                result(PeerVerdict.Kind.NOT_PROBED, "UDP has no keepalive: nothing tells whether its peer is alive, "
                        + "and sockkill does not guess", null));
        assertEquals(Problem.Kind.UNSUPPORTED, udp.problem().kind());
        assertTrue(udp.problem().getMessage().contains("(not probed: UDP has no keepalive"), udp.problem().getMessage());
        assertTrue(udp.problem().getMessage().contains("--if-dead kills only connections whose peer is proven dead"));
        DeadPeerKiller.ProbedKill undecided = killer(KILL, DeadPeerKiller.Why.ASKED).settle(
                result(PeerVerdict.Kind.UNDECIDED, "not proven: no probe went out within 3.0 s", true));
        assertEquals(Problem.Kind.UNSUPPORTED, undecided.problem().kind());
    }

    @Test
    void withoutCapNetAdminWhatCannotBeProvenNeedsRootOrTheShutdownFallback() throws IOException {
        DeadPeerKiller.ProbedKill k = killer(KILL, DeadPeerKiller.Why.UNPRIVILEGED).settle(
                result(PeerVerdict.Kind.UNDECIDED, "not proven: no probe went out within 3.0 s", true));
        assertEquals(Problem.Kind.PERMISSION, k.problem().kind());
        assertTrue(k.problem().getMessage().contains("run as root to destroy it, or shut it down with 'sockkill pid 42 "
                + "fd 3 --fallback=shutdown'"), k.problem().getMessage());
        DeadPeerKiller.ProbedKill silent = killer(KILL, DeadPeerKiller.Why.UNPRIVILEGED).settle(
                result(PeerVerdict.Kind.SILENT, "peer silent for 3.0 s (a retransmission of its data unanswered)", true));
        assertEquals(Problem.Kind.PERMISSION, silent.problem().kind());
        assertTrue(silent.problem().getMessage().contains("the kernel does not end a connection whose data waits"),
                silent.problem().getMessage());
    }

    @Test
    void noRightsToProbeNamesBothWaysToGainThem() throws IOException {
        DeadPeerKiller.ProbedKill k = killer(SHUTDOWN, DeadPeerKiller.Why.UNPRIVILEGED).settle(
                result(PeerVerdict.Kind.NO_RIGHTS, "no ptrace rights over pid 42", null));
        assertEquals(Problem.Kind.PERMISSION, k.problem().kind());
        String m = k.problem().getMessage();
        assertTrue(m.startsWith("permission denied: sockkill may neither probe nor destroy the connections of pid 42 "
                + "(mutt): probing one needs ptrace rights over the process (run as its owner, uid "), m);
        assertTrue(m.endsWith("destroying one needs CAP_NET_ADMIN in its network namespace (run as root)"), m);
    }

    @Test
    void aConnectionGoneBeforeTheProbeIsAlreadyGone() throws IOException {
        ProbeResult r = result(PeerVerdict.Kind.GONE, "socket already gone: pid 42 closed fd 3", null);
        ProbeResult gone = new ProbeResult(r.target(), PeerVerdict.notProbed(PeerVerdict.Kind.GONE,
                "socket already gone: pid 42 closed fd 3"), null, null, "");
        DeadPeerKiller.ProbedKill k = killer(KILL, DeadPeerKiller.Why.ASKED).settle(gone);
        assertEquals(Problem.Kind.NOT_FOUND, k.problem().kind());
        assertEquals("socket already gone: pid 42 closed fd 3", k.problem().getMessage());
    }

    private static DeadPeerKiller.ProbedKill killed() {
        return new DeadPeerKiller.ProbedKill(null, new KillReport("pid 1 fd 3", KillOutcome.KILLED, null, ""), null);
    }

    private static DeadPeerKiller.ProbedKill refused(Problem.Kind kind) {
        return new DeadPeerKiller.ProbedKill(null, null, new Problem(kind, "no"));
    }

    @Test
    void theExitStatusIsTheFirstFailureElseKilledElseAlive() {
        assertEquals(Optional.empty(), DeadPeerKiller.failure(List.of(killed(), refused(Problem.Kind.ALIVE))),
                "the dead one killed, the live one left: success");
        assertEquals(Optional.of(Problem.Kind.ALIVE), DeadPeerKiller.failure(List.of(refused(Problem.Kind.ALIVE),
                refused(Problem.Kind.ALIVE))), "nothing killed because every peer answered: exit 8");
        assertEquals(Optional.of(Problem.Kind.UNSUPPORTED), DeadPeerKiller.failure(List.of(killed(),
                refused(Problem.Kind.UNSUPPORTED), refused(Problem.Kind.PERMISSION))), "the first that was not proven");
        assertEquals(Optional.empty(), DeadPeerKiller.failure(List.of(killed())));
    }
}
