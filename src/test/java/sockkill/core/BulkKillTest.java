package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.core.ScriptedSessions.dump;
import static sockkill.core.ScriptedSessions.found;
import static sockkill.core.ScriptedSessions.listed;
import static sockkill.core.ScriptedSessions.refused;
import static sockkill.core.ScriptedSessions.request;
import static sockkill.core.ScriptedSessions.socket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.netlink.NetlinkMessage;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

/** match's pipelined destroys: an ENOENT ack is "gone" only if the socket left the table. */
class BulkKillTest {
    private final ScriptedSessions sessions = new ScriptedSessions();

    private static InetDiagMsg member(int n) {
        return socket(Kernel.AF_INET, Kernel.TCP_CLOSE, "127.0.0.1", 7601, "0.0.0.0", 0, 100 + n, 0x10 + n);
    }

    /** Acks for every message of a batched datagram, errno by position. */
    private static List<byte[]> acks(ScriptedTransport.Sent batch, int... errnos) {
        List<byte[]> parts = new ArrayList<>();
        List<NetlinkMessage> messages = batch.messages();
        for (int i = 0; i < messages.size(); i++) {
            int seq = messages.get(i).header().seq();
            parts.add(errnos[i] == 0 ? NlBytes.ack(seq, ScriptedTransport.PORT)
                    : NlBytes.error(seq, ScriptedTransport.PORT, errnos[i], null));
        }
        return List.of(NlBytes.concat(parts.toArray(byte[][]::new)));
    }

    @Test
    void enoentAcksAreSortedIntoUnreachableAndGone() throws IOException {
        int enoent = Errno.ENOENT.intValue();
        // 101 dies; 102 is a group member the kernel's lookup does not reach; 103 closed meanwhile
        sessions.kernel().then(batch -> acks(batch, 0, enoent, enoent));
        sessions.kernel().then(req -> dump(req.seq(), member(1), member(2), member(4)));
        NamespaceSession session = sessions.session(true);

        List<BulkKill.Outcome> outcomes = BulkKill.destroy(session, List.of(listed(Netid.UDP, member(1)),
                listed(Netid.UDP, member(2)), listed(Netid.UDP, member(3))));

        assertEquals(BulkKill.Result.KILLED, outcomes.get(0).result());
        assertEquals(BulkKill.Result.FAILED, outcomes.get(1).result());
        assertEquals(Problem.Kind.UNSUPPORTED, outcomes.get(1).kind());
        assertTrue(outcomes.get(1).message().contains("SO_REUSEPORT"), outcomes.get(1).message());
        assertEquals(BulkKill.Result.GONE, outcomes.get(2).result());
        assertEquals(1, sessions.opened().get(1).sent().size(), "one dump for the whole port");
    }

    @Test
    void mptcpSocketsFailAsUnsupportedAndSaySo() throws IOException {
        InetDiagMsg mptcp = socket(Kernel.AF_INET, Kernel.TCP_ESTABLISHED, "127.0.0.1", 52180, "127.0.0.1", 7700, 500,
                0x50);
        sessions.kernel().then(batch -> acks(batch, Errno.EOPNOTSUPP.intValue()));
        NamespaceSession session = sessions.session(true);

        List<BulkKill.Outcome> outcomes = BulkKill.destroy(session, List.of(listed(Netid.MPTCP, mptcp)));

        assertEquals(Problem.Kind.UNSUPPORTED, outcomes.get(0).kind());
        assertTrue(outcomes.get(0).message().contains("cannot destroy MPTCP sockets"), outcomes.get(0).message());
    }

    @Test
    void aDryRunLooksUpOnlyWhatALookupCouldMissAndDestroysNothing() throws IOException {
        InetDiagMsg estab = socket(Kernel.AF_INET, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300,
                0x30);
        ScriptedTransport control = sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()))            // probe: UDP can be destroyed
                .then(req -> found(req.seq(), member(1)))                            // the lookup reaches 101
                .then(req -> refused(req.seq(), Errno.ESTALE.intValue()))            // but not 102
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()));           // probe: TCP too
        sessions.kernel().then(req -> dump(req.seq(), member(1), member(2)));
        NamespaceSession session = sessions.session(false);

        List<BulkKill.Outcome> outcomes = BulkKill.check(session, List.of(listed(Netid.UDP, member(1)),
                listed(Netid.UDP, member(2)), listed(Netid.TCP, estab)));

        assertEquals(Problem.Kind.PERMISSION, outcomes.get(0).kind(), "reachable, but no CAP_NET_ADMIN");
        assertEquals(Problem.Kind.UNSUPPORTED, outcomes.get(1).kind(), "the kernel cannot reach it");
        assertEquals(Problem.Kind.PERMISSION, outcomes.get(2).kind());
        assertEquals(4, control.sent().size(), "no lookup for a connected socket");
        for (ScriptedTransport.Sent sent : control.sent()) {
            if (sent.header().type() == Kernel.SOCK_DESTROY) {
                assertEquals(0, request(sent).id().cookie(), "only the probe, which matches no socket");
            }
        }
    }
}
