package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import sockkill.core.AddressText;
import sockkill.core.DiagDiscovery;
import sockkill.core.DiscoveryNote;
import sockkill.core.ListedSocket;
import sockkill.core.NamespaceSession;
import sockkill.core.Netid;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketEntry;
import sockkill.core.SocketFilter;
import sockkill.core.SocketLocator;
import sockkill.core.SocketStates;
import sockkill.diag.SockId;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * The kill machinery below the command line, against real sockets: the kernel's lookup by tuple
 * finds exactly the socket it should (TCP and UDP, listeners, IPv6), a TIME-WAIT entry can be
 * removed, a socket that closes between lookup and kill is "already gone", and among hundreds of
 * connections to one port only the one asked for dies.
 */
class KillCoreIT {
    private static final Consumer<DiscoveryNote> IGNORE = n -> { };

    private Netns ns;

    @BeforeEach
    void namespace() {
        Host.requireRootAndBuild();
        ns = Netns.create();
    }

    @AfterEach
    void cleanUp() {
        ns.close();
    }

    private NamespaceSession session(SockPop pop) {
        return NamespaceSession.open(NetworkNamespace.ofPid(pop.pid()));
    }

    private static SockId tuple(SockPop.Sock s) {
        byte[] peer = s.peer().equals("*:0") ? new byte[s.family().equals("6") ? 16 : 4] : AddressText.parse(s.peerAddress());
        return new SockId(s.localPort(), s.peer().equals("*:0") ? 0 : s.peerPort(), AddressText.parse(s.localAddress()),
                peer, 0, Kernel.INET_DIAG_NOCOOKIE);
    }

    @Test
    void theKernelLooksUpEveryKindOfTupleToTheRightSocket() throws Exception {
        SockPop pop = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:3:127.0.0.1:7400", "tcp-pairs:3:::1:7401",
                "udp-bound:127.0.0.1:7402", "udp-bound:::1:7403", "udp-connected:127.0.0.1:7404:127.0.0.1:7402",
                "udp-connected:[::1]:7405:[::1]:7403"));
        try (NamespaceSession session = session(pop)) {
            SocketLocator locator = new SocketLocator(session);
            for (SockPop.Sock s : pop.sockets()) {
                Netid netid = s.proto().equals("tcp") ? Netid.TCP : Netid.UDP;
                int family = s.family().equals("6") ? Kernel.AF_INET6 : Kernel.AF_INET;
                Optional<SocketEntry> hit = locator.byTuple(netid, family, tuple(s), s.inode());
                assertTrue(hit.isPresent(), "lookup by tuple missed " + s);
                assertEquals(s.inode(), hit.get().inode());
                assertTrue(hit.get().hasCookie());
                assertEquals(hit.get().cookie(), locator.byInode(s.inode()).orElseThrow().cookie(),
                        "the scan by inode finds the same socket");
            }
        }
    }

    @Test
    void aTimeWaitEntryIsRemoved() throws Exception {
        SockPop pop = ns.own(SockPop.start(ns.prefix(), "tcp-timewait:2:127.0.0.1:7410"));
        try (NamespaceSession session = session(pop)) {
            SocketFilter timeWait = SocketFilter.everything().withNetids(EnumSet.of(Netid.TCP))
                    .withStates(SocketStates.bit(Kernel.TCP_TIME_WAIT));
            List<SocketEntry> before = new DiagDiscovery(session.diag(), session.namespace()).discover(timeWait, IGNORE);
            assertEquals(2, before.size(), before::toString);
            SocketEntry victim = before.get(0);
            String note = new SocketDestroyer(session, new SocketLocator(session)).destroy(new ListedSocket(victim, null));
            assertEquals("", note);
            List<SocketEntry> after = new DiagDiscovery(session.diag(), session.namespace()).discover(timeWait, IGNORE);
            assertEquals(List.of(before.get(1).cookie()), after.stream().map(SocketEntry::cookie).toList());
        }
    }

    @Test
    void aSocketThatClosesBetweenLookupAndKillIsAlreadyGone() throws Exception {
        SockPop pop = SockPop.start(ns.prefix(), "tcp-pairs:1:127.0.0.1:7420");
        SockPop.Sock client = pop.sockets().stream().filter(s -> s.role().equals("client")).findFirst().orElseThrow();
        try (NamespaceSession session = NamespaceSession.open(NetworkNamespace.ofFile(
                java.nio.file.Path.of("/run/netns", ns.name())))) {
            SocketLocator locator = new SocketLocator(session);
            SocketEntry found = locator.byInode(client.inode()).orElseThrow();
            pop.close();
            Problem p = assertThrows(Problem.class,
                    () -> new SocketDestroyer(session, locator).destroy(new ListedSocket(found, null)));
            assertEquals(Problem.Kind.NOT_FOUND, p.kind());
            assertTrue(p.getMessage().startsWith("socket already gone: tcp 127.0.0.1:"), p.getMessage());
        }
    }

    @Test
    void onlyTheSocketAskedForDiesAmongHundredsOnTheSamePort() throws Exception {
        SockPop pop = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:300:127.0.0.1:7430"));
        SockPop.Sock target = pop.sockets().stream().filter(s -> s.role().equals("client")).skip(150).findFirst()
                .orElseThrow();
        SockPop.Sock peer = pop.sockets().stream().filter(s -> s.role().equals("server") && s.peer().equals(target.local()))
                .findFirst().orElseThrow();
        Set<Long> before = established(pop);
        assertEquals(600, before.size());

        CliRun.Result r = CliRun.run("pid", Integer.toString(pop.pid()), "fd", Integer.toString(target.fd()));
        assertEquals(0, r.status(), r::toString);

        Set<Long> after = established(pop);
        Set<Long> expected = new HashSet<>(before);
        expected.remove(target.inode());
        expected.remove(peer.inode()); // the other end of the same connection receives the RST
        assertEquals(expected, after);
        assertEquals("LISTEN", state(pop, pop.sockets().get(0).inode()));
    }

    private static Set<Long> established(SockPop pop) {
        CliRun.Result r = CliRun.run("list", "--json", "-t", "--state", "established", "--no-owners", "--netns",
                Integer.toString(pop.pid()));
        return MiniJson.parseArrayOfObjects(r.out()).stream().map(o -> (Long) o.get("inode")).collect(Collectors.toSet());
    }

    private static String state(SockPop pop, long inode) {
        CliRun.Result r = CliRun.run("list", "--json", "--no-owners", "--netns", Integer.toString(pop.pid()), "--inode",
                Long.toString(inode));
        List<Map<String, Object>> l = MiniJson.parseArrayOfObjects(r.out());
        return l.isEmpty() ? "gone" : (String) l.get(0).get("state");
    }
}
