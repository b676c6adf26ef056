package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.core.ScriptedSessions.dump;
import static sockkill.core.ScriptedSessions.found;
import static sockkill.core.ScriptedSessions.listed;
import static sockkill.core.ScriptedSessions.refused;
import static sockkill.core.ScriptedSessions.request;
import static sockkill.core.ScriptedSessions.socket;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.diag.InetDiagReqV2;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

/**
 * What SocketDestroyer makes of the kernel's answers, against scripted kernels: an ENOENT is
 * "already gone" only when a fresh dump of the port no longer holds the socket with its cookie;
 * a dry run asks the same questions and destroys nothing; raw sockets are destroyed only when the
 * kernel's cookie-blind raw lookup cannot reach another one.
 */
class SocketDestroyerTest {
    private static final int V4 = Kernel.AF_INET;
    private final ScriptedSessions sessions = new ScriptedSessions();

    /** Six listeners of one SO_REUSEPORT group on 127.0.0.1:7600, inodes 101..106. */
    private static InetDiagMsg member(int n) {
        return socket(V4, Kernel.TCP_LISTEN, "127.0.0.1", 7600, "0.0.0.0", 0, 100 + n, 0x10 + n);
    }

    private static InetDiagMsg[] group() {
        InetDiagMsg[] all = new InetDiagMsg[6];
        for (int i = 0; i < 6; i++) {
            all[i] = member(i + 1);
        }
        return all;
    }

    private SocketDestroyer destroyer(NamespaceSession session) {
        return new SocketDestroyer(session, new SocketLocator(session));
    }

    @Test
    void anEnoentForAReuseportMemberStillInTheTableIsUnsupportedNeverGone() throws IOException {
        ScriptedTransport control = sessions.kernel().then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        ScriptedTransport dumps = sessions.kernel().then(req -> dump(req.seq(), group()));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.TCP,
                member(3))));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("shares 127.0.0.1:7600 with 5 other sockets (SO_REUSEPORT)"), p.getMessage());
        assertTrue(p.getMessage().contains("--fallback=shutdown"), p.getMessage());
        assertEquals(Kernel.SOCK_DESTROY, control.lastSent().header().type());
        assertEquals(member(3).id(), request(control.lastSent()).id(), "the exact sockid, cookie included");
        InetDiagReqV2 portDump = request(dumps.lastSent());
        assertEquals(Kernel.IPPROTO_TCP, portDump.protocol());
        assertTrue(dumps.lastSent().payload().length > InetDiagReqV2.SIZE, "the dump is filtered by port in the kernel");
    }

    @Test
    void anEnoentForASocketNoLongerInTheTableIsAlreadyGone() {
        sessions.kernel().then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        sessions.kernel().then(req -> dump(req.seq(), member(1), member(2)));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.TCP,
                member(3))));

        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertTrue(p.getMessage().startsWith("socket already gone: tcp 127.0.0.1:7600"), p.getMessage());
    }

    @Test
    void aNewerSocketWithTheSameInodeIsNotTakenForTheOldOne() {
        // the inode came back (32-bit numbers wrap) on another socket: other cookie, so the one asked for is gone
        InetDiagMsg newer = socket(V4, Kernel.TCP_LISTEN, "127.0.0.1", 7600, "0.0.0.0", 0, 103, 0x9999);
        sessions.kernel().then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        sessions.kernel().then(req -> dump(req.seq(), newer));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.TCP,
                member(3))));

        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
    }

    @Test
    void aTcpSocketBoundButNotListeningIsBeyondTheKernelsDestroy() {
        InetDiagMsg bound = socket(V4, Kernel.TCP_CLOSE, "127.0.0.1", 7602, "0.0.0.0", 0, 200, 0x20);
        sessions.kernel().then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        sessions.kernel().then(req -> dump(req.seq(), bound));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.TCP, bound)));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("bound to port 7602 but neither listening nor connected"), p.getMessage());
    }

    @Test
    void aKilledSocketIsConfirmedGoneByAnExactLookup() throws Exception {
        InetDiagMsg estab = socket(V4, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300, 0x30);
        ScriptedTransport control = sessions.kernel()
                .then(req -> List.of(NlBytes.ack(req.seq(), ScriptedTransport.PORT)))
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        NamespaceSession session = sessions.session(true);

        assertEquals("", destroyer(session).destroy(listed(Netid.TCP, estab)));

        assertEquals(Kernel.SOCK_DIAG_BY_FAMILY, control.lastSent().header().type());
        assertEquals(estab.id(), request(control.lastSent()).id());
    }

    @Test
    void withoutCapNetAdminTheKernelsRefusalSaysWhichCapability() {
        InetDiagMsg estab = socket(V4, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300, 0x30);
        sessions.kernel().then(req -> refused(req.seq(), Errno.EPERM.intValue()));
        NamespaceSession session = sessions.session(false);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.TCP, estab)));

        assertEquals(Problem.Kind.PERMISSION, p.kind());
        assertTrue(p.getMessage().contains("needs CAP_NET_ADMIN"), p.getMessage());
    }

    // --- dry run -----------------------------------------------------------------------------

    /** The only SOCK_DESTROY a dry run may send: a tuple of zeros with cookie 0, which no socket has. */
    private static void onlyTheProbeWasDestroyed(ScriptedTransport control) {
        for (ScriptedTransport.Sent sent : control.sent()) {
            if (sent.header().type() == Kernel.SOCK_DESTROY) {
                InetDiagReqV2 r = request(sent);
                assertEquals(0, r.id().cookie(), "a dry run destroyed something real: " + r);
                assertEquals(0, r.id().sourcePort());
                assertEquals(0, r.id().destinationPort());
            }
        }
    }

    @Test
    void aDryRunOfAReachableSocketWithRightsPassesAndDestroysNothing() throws Exception {
        InetDiagMsg estab = socket(V4, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300, 0x30);
        ScriptedTransport control = sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()))   // the probe: TCP can be destroyed
                .then(req -> found(req.seq(), estab));                      // the exact lookup reaches it
        NamespaceSession session = sessions.session(true);

        destroyer(session).check(listed(Netid.TCP, estab));

        assertEquals(2, control.sent().size());
        onlyTheProbeWasDestroyed(control);
    }

    @Test
    void aDryRunOfAReuseportMemberTheLookupMissesFailsAsTheRealRunWould() {
        InetDiagMsg udp = socket(Kernel.AF_INET6, Kernel.TCP_CLOSE, "::1", 7601, "::", 0, 401, 0x41);
        InetDiagMsg sibling = socket(Kernel.AF_INET6, Kernel.TCP_CLOSE, "::1", 7601, "::", 0, 402, 0x42);
        ScriptedTransport control = sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()))
                .then(req -> refused(req.seq(), Errno.ESTALE.intValue()));  // udp_diag: another member's cookie
        sessions.kernel().then(req -> dump(req.seq(), udp, sibling));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).check(listed(Netid.UDP, udp)));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("SO_REUSEPORT"), p.getMessage());
        onlyTheProbeWasDestroyed(control);
    }

    @Test
    void aDryRunOfAnMptcpSocketIsUnsupportedLikeTheRealRun() {
        InetDiagMsg mptcp = socket(V4, Kernel.TCP_ESTABLISHED, "127.0.0.1", 52180, "127.0.0.1", 7700, 500, 0x50);
        ScriptedTransport control = sessions.kernel().then(req -> refused(req.seq(), Errno.EOPNOTSUPP.intValue()));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).check(listed(Netid.MPTCP, mptcp)));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("cannot destroy MPTCP sockets"), p.getMessage());
        assertEquals(1, control.sent().size());
        onlyTheProbeWasDestroyed(control);
        byte[] probe = control.lastSent().payload();
        assertTrue(probe.length > InetDiagReqV2.SIZE, "MPTCP's protocol number travels as an attribute");
    }

    @Test
    void aDryRunWithoutCapNetAdminIsAPermissionProblemLikeTheRealRun() {
        InetDiagMsg estab = socket(V4, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300, 0x30);
        sessions.kernel()
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()))
                .then(req -> found(req.seq(), estab));
        NamespaceSession session = sessions.session(false);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).check(listed(Netid.TCP, estab)));

        assertEquals(Problem.Kind.PERMISSION, p.kind());
        assertTrue(p.getMessage().contains("needs CAP_NET_ADMIN"), p.getMessage());
    }

    @Test
    void aDryRunOnAKernelWithoutDestroyIsUnsupported() {
        InetDiagMsg estab = socket(V4, Kernel.TCP_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 143, 300, 0x30);
        sessions.kernel().then(req -> refused(req.seq(), Errno.EOPNOTSUPP.intValue()));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).check(listed(Netid.TCP, estab)));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("CONFIG_INET_DIAG_DESTROY"), p.getMessage());
    }

    // --- raw sockets (raw_diag compares no cookie) --------------------------------------------

    /** A raw ICMP socket: its "port" is its protocol, 1. */
    private static InetDiagMsg raw(String local, String peer, long inode, long cookie) {
        return socket(V4, Kernel.TCP_CLOSE, local, 1, peer, 0, inode, cookie);
    }

    @Test
    void aRawDestroyIsRefusedWhenTheKernelsLookupFindsAnotherSocket() {
        InetDiagMsg target = raw("0.0.0.0", "0.0.0.0", 600, 0x60);
        InetDiagMsg other = raw("0.0.0.0", "0.0.0.0", 601, 0x61);
        ScriptedTransport control = sessions.kernel().then(req -> found(req.seq(), other));
        sessions.kernel().then(req -> dump(req.seq(), target, other));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.RAW, target)));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("finds another raw socket (inode 601)"), p.getMessage());
        assertFalse(control.sent().stream().anyMatch(s -> s.header().type() == Kernel.SOCK_DESTROY),
                "nothing may be destroyed");
        assertEquals(1, request(control.lastSent()).rawProtocol(), "raw_diag wants the raw protocol in the pad byte");
    }

    @Test
    void aRawDestroyIsRefusedWhenAnUnboundSiblingWouldMatchToo() {
        // the target is connected and bound; the sibling is bound to nothing, so it matches any request
        InetDiagMsg target = raw("10.0.0.1", "10.0.0.2", 600, 0x60);
        InetDiagMsg wildcard = raw("0.0.0.0", "0.0.0.0", 601, 0x61);
        ScriptedTransport control = sessions.kernel().then(req -> found(req.seq(), target));
        sessions.kernel().then(req -> dump(req.seq(), target, wildcard));
        NamespaceSession session = sessions.session(true);

        SocketProblem p = assertThrows(SocketProblem.class, () -> destroyer(session).destroy(listed(Netid.RAW, target)));

        assertEquals(Problem.Kind.UNSUPPORTED, p.kind());
        assertTrue(p.getMessage().contains("1 other raw socket"), p.getMessage());
        assertFalse(control.sent().stream().anyMatch(s -> s.header().type() == Kernel.SOCK_DESTROY));
    }

    @Test
    void aRawDestroyGoesAheadWhenOnlyThatSocketCanMatch() throws Exception {
        InetDiagMsg target = raw("10.0.0.1", "10.0.0.2", 600, 0x60);
        InetDiagMsg elsewhere = raw("10.0.0.9", "0.0.0.0", 602, 0x62);   // bound to another address: no match
        ScriptedTransport control = sessions.kernel()
                .then(req -> found(req.seq(), target))
                .then(req -> List.of(NlBytes.ack(req.seq(), ScriptedTransport.PORT)))
                .then(req -> refused(req.seq(), Errno.ENOENT.intValue()));
        sessions.kernel().then(req -> dump(req.seq(), target, elsewhere));
        NamespaceSession session = sessions.session(true);

        destroyer(session).destroy(listed(Netid.RAW, target));

        ScriptedTransport.Sent destroy = control.sent().get(1);
        assertEquals(Kernel.SOCK_DESTROY, destroy.header().type());
        assertEquals(target.id(), request(destroy).id());
    }
}
