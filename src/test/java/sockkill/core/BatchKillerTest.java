package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.core.ScriptedSessions.dump;
import static sockkill.core.ScriptedSessions.refused;
import static sockkill.core.ScriptedSessions.request;
import static sockkill.core.ScriptedSessions.socket;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.proc.ProcFs;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * A batch's inode lines against scripted kernels: the namespace is dumped once (one dump per kind),
 * every later line is answered from that, again only when a line misses and it is over a second
 * old; an inode killed by one line is never killed again by a later one.
 */
class BatchKillerTest {
    /** Dumps of one index: UNIX, then MPTCP, TCP, UDP, UDP-Lite and raw, IPv4 and IPv6 each. */
    private static final int DUMPS_PER_INDEX = 11;
    private static final InetDiagMsg ESTAB = socket(Kernel.AF_INET, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000,
            "10.0.0.2", 143, 700, 0x70);

    @TempDir
    Path procRoot;

    private final ScriptedSessions sessions = new ScriptedSessions();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private BatchKiller batch() {
        SocketKiller killer = new SocketKiller(new ProcFs(procRoot), new KillOptions(false, false),
                ns -> sessions.session(true));
        return new BatchKiller(killer, now::get);
    }

    /** A dump socket that answers one index: {@code tcp4} in the IPv4 TCP dump, every other table empty. */
    private ScriptedTransport tables(InetDiagMsg... tcp4) {
        ScriptedTransport t = sessions.kernel();
        for (int i = 0; i < DUMPS_PER_INDEX; i++) {
            t.then(req -> {
                // the UNIX dump's request is a 24-byte unix_diag_req; MPTCP's (262 & 0xff is TCP's 6) carries
                // its protocol in an attribute after the 56 bytes
                boolean tcp4Dump = req.payload().length == 56 && request(req).protocol() == Kernel.IPPROTO_TCP
                        && request(req).family() == Kernel.AF_INET;
                return dump(req.seq(), tcp4Dump ? tcp4 : new InetDiagMsg[0]);
            });
        }
        return t;
    }

    @Test
    void manyMissingInodesCostOneDumpOfEachTable() throws Exception {
        ScriptedTransport dumps = tables(ESTAB);
        BatchKiller batch = batch();

        for (long inode = 4_000_000_001L; inode < 4_000_000_021L; inode++) {
            long n = inode;
            Problem p = assertThrows(Problem.class, () -> batch.killInode(n, NetworkNamespace.current()));
            assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        }

        assertEquals(DUMPS_PER_INDEX, dumps.sent().size());
        assertEquals(1, sessions.opened().size(), "no netlink socket but the first dump's");
    }

    @Test
    void aMissInASnapshotOverASecondOldDumpsAgain() {
        tables();
        ScriptedTransport again = tables(ESTAB);
        BatchKiller batch = batch();
        assertThrows(Problem.class, () -> batch.killInode(4_000_000_001L, NetworkNamespace.current()));

        now.addAndGet(1_500_000_000L);
        Problem p = assertThrows(Problem.class, () -> batch.killInode(4_000_000_002L, NetworkNamespace.current()));

        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertEquals(DUMPS_PER_INDEX, again.sent().size());
    }

    @Test
    void anInodeKilledByOneLineIsAlreadyGoneForTheNextAndNoNewerSocketIsTouched() throws Exception {
        tables(ESTAB);
        ScriptedTransport control = sessions.kernel()
                .then(req -> List.of(NlBytes.ack(req.seq(), ScriptedTransport.PORT)))   // the destroy
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()));              // the confirming lookup
        BatchKiller batch = batch();

        KillReport first = batch.killInode(700, NetworkNamespace.current());
        now.addAndGet(5_000_000_000L);
        Problem second = assertThrows(Problem.class, () -> batch.killInode(700, NetworkNamespace.current()));

        assertEquals(KillOutcome.KILLED, first.outcome());
        assertEquals(ESTAB.id(), request(control.sent().get(0)).id(), "the dump's sockid, cookie included");
        assertEquals(Problem.Kind.NOT_FOUND, second.kind());
        assertTrue(second.getMessage().contains("was killed by an earlier line"), second.getMessage());
        assertEquals(2, control.sent().size(), "nothing more was sent for the second line");
        assertEquals(0, sessions.unopened(), "and no socket opened");
    }

    @Test
    void tablesThatTakeLongToReadAreReadAgainLessOften() {
        // each dump of the first index takes half a second: 5.5 s to read the namespace
        ScriptedTransport slow = sessions.kernel();
        for (int i = 0; i < DUMPS_PER_INDEX; i++) {
            slow.then(req -> {
                now.addAndGet(500_000_000L);
                return dump(req.seq());
            });
        }
        ScriptedTransport again = tables();
        BatchKiller batch = batch();
        assertThrows(Problem.class, () -> batch.killInode(4_000_000_001L, NetworkNamespace.current()));

        now.addAndGet(20_000_000_000L);
        assertThrows(Problem.class, () -> batch.killInode(4_000_000_002L, NetworkNamespace.current()));
        assertEquals(0, again.sent().size(), "25.5 s old is not yet five times 5.5 s");

        now.addAndGet(5_000_000_000L);
        assertThrows(Problem.class, () -> batch.killInode(4_000_000_003L, NetworkNamespace.current()));
        assertEquals(DUMPS_PER_INDEX, again.sent().size());
    }
}
