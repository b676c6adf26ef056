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

    private static InetDiagMsg listener(int n) {
        return socket(Kernel.AF_INET, Kernel.TCP_LISTEN, "127.0.0.1", 7600, "0.0.0.0", 0, 200 + n, 0x20 + n);
    }

    @Test
    void enoentAcksAreSortedIntoUnreachableAndGone() throws IOException {
        int enoent = Errno.ENOENT.intValue();
        InetDiagMsg estab = socket(Kernel.AF_INET, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300,
                0x30);
        InetDiagMsg closed = socket(Kernel.AF_INET, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40001, "10.0.0.2", 143, 301,
                0x31);
        InetDiagMsg bound = socket(Kernel.AF_INET, Kernel.TCP_CLOSE, "10.0.0.1", 7602, "0.0.0.0", 0, 302, 0x32);
        sessions.kernel().then(batch -> acks(batch, 0, enoent, enoent));
        ScriptedTransport dumps = sessions.kernel()
                .then(req -> dump(req.seq()))                 // port 40001: the closed one left the table
                .then(req -> dump(req.seq(), bound));         // port 7602: the bound one is still there
        NamespaceSession session = sessions.session(true);

        List<BulkKill.Outcome> outcomes = BulkKill.destroy(session, List.of(listed(Netid.TCP, estab),
                listed(Netid.TCP, closed), listed(Netid.TCP, bound)));

        assertEquals(BulkKill.Result.KILLED, outcomes.get(0).result());
        assertEquals(BulkKill.Result.GONE, outcomes.get(1).result());
        assertEquals(BulkKill.Result.FAILED, outcomes.get(2).result());
        assertEquals(Problem.Kind.UNSUPPORTED, outcomes.get(2).kind());
        assertTrue(outcomes.get(2).message().contains("neither listening nor connected"), outcomes.get(2).message());
        assertEquals(2, dumps.sent().size());
    }

    @Test
    void inAUdpGroupOnlyTheMemberTheKernelPicksIsDestroyed() throws IOException {
        ScriptedTransport dumps = sessions.kernel().then(req -> dump(req.seq(), member(1), member(2), member(3)));
        ScriptedTransport control = sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ESTALE.intValue()))    // the lookup of 101 reaches another
                .then(req -> found(req.seq(), member(2)))                    // 102 is the pick
                .then(req -> refused(req.seq(), Errno.ESTALE.intValue()))
                .then(batch -> acks(batch, 0));
        NamespaceSession session = sessions.session(true);

        List<BulkKill.Outcome> outcomes = BulkKill.destroy(session, List.of(listed(Netid.UDP, member(1)),
                listed(Netid.UDP, member(2)), listed(Netid.UDP, member(3))));

        assertEquals(BulkKill.Result.FAILED, outcomes.get(0).result());
        assertTrue(outcomes.get(0).message().contains("with 2 other sockets (SO_REUSEPORT)"), outcomes.get(0).message());
        assertEquals(BulkKill.Result.KILLED, outcomes.get(1).result());
        assertEquals(BulkKill.Result.FAILED, outcomes.get(2).result());
        ScriptedTransport.Sent destroy = control.lastSent();
        assertEquals(Kernel.SOCK_DESTROY, destroy.header().type());
        assertEquals(1, destroy.messages().size(), "no destroy for members the kernel does not reach");
        assertEquals(member(2).id(), request(destroy).id());
        assertEquals(1, dumps.sent().size());
    }

    @Test
    void aTcpGroupKilledWholeIsDestroyedInRoundsUntilEveryMemberIsGone() throws IOException {
        int enoent = Errno.ENOENT.intValue();
        sessions.kernel().then(req -> dump(req.seq(), listener(1), listener(2), listener(3)));
        ScriptedTransport control = sessions.kernel()
                .then(batch -> acks(batch, enoent, 0, enoent))   // the kernel picks 202 first
                .then(batch -> acks(batch, 0, enoent))           // then 201
                .then(batch -> acks(batch, 0));                  // then 203
        NamespaceSession session = sessions.session(true);

        List<BulkKill.Outcome> outcomes = BulkKill.destroy(session, List.of(listed(Netid.TCP, listener(1)),
                listed(Netid.TCP, listener(2)), listed(Netid.TCP, listener(3))));

        outcomes.forEach(o -> assertEquals(BulkKill.Result.KILLED, o.result(), o::toString));
        assertEquals(3, control.sent().size());
        assertEquals(listener(3).id(), request(control.lastSent()).id());
    }

    @Test
    void aTcpGroupKilledInPartGetsOnlyThePick() throws IOException {
        // 204 is in the group but not to be killed: the group cannot be killed in rounds
        sessions.kernel().then(req -> dump(req.seq(), listener(1), listener(2), listener(4)));
        ScriptedTransport control = sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()))
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        NamespaceSession session = sessions.session(true);

        List<BulkKill.Outcome> outcomes = BulkKill.destroy(session, List.of(listed(Netid.TCP, listener(1)),
                listed(Netid.TCP, listener(2))));

        outcomes.forEach(o -> assertEquals(Problem.Kind.UNSUPPORTED, o.kind(), o::toString));
        assertTrue(control.sent().stream().noneMatch(sent -> sent.header().type() == Kernel.SOCK_DESTROY),
                "the pick (204) is not to be killed, and nothing else is reachable");
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
        sessions.kernel().then(req -> dump(req.seq(), member(1), member(2)));       // the group on port 7601
        ScriptedTransport control = sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()))            // probe: UDP can be destroyed
                .then(req -> found(req.seq(), member(1)))                            // the lookup reaches 101
                .then(req -> refused(req.seq(), Errno.ESTALE.intValue()))            // but not 102
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()));           // probe: TCP too
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
