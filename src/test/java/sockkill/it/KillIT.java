package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills of real programs blocked on a peer that vanished behind a dead link: each must see the
 * abort the kernel promises, through {@code pid P fd F} and through {@code inode N}, IPv4 and IPv6,
 * with sockkill running outside the victim's network namespace and inside it.
 */
class KillIT {
    private static VethPair link;
    private static Victim server4;
    private static Victim server6;
    private static final AtomicInteger PORT = new AtomicInteger(7300);
    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    static void topology() {
        Host.requireRootAndBuild();
        link = VethPair.create();
        server4 = link.server().own(Victim.start(link.server().prefix(), "tcp-serve", VethPair.SERVER4, "7000"));
        server6 = link.server().own(Victim.start(link.server().prefix(), "tcp-serve", VethPair.SERVER6, "7000"));
    }

    @AfterAll
    static void tearDown() {
        if (link != null) {
            link.close();
        }
    }

    @AfterEach
    void stopVictims() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        link.server().exec("ip", "link", "set", "sks", "up");
    }

    private Victim clientVictim(String... modeAndArgs) {
        Victim v = Victim.start(link.client().prefix(), modeAndArgs);
        started.add(v);
        return v;
    }

    private static void assertAborted(Victim v, String op, String errno) {
        Map<String, String> r = v.result(10);
        assertEquals(op, r.get("op"), r::toString);
        assertEquals(errno, r.get("name"), r::toString);
    }

    private static void assertKilled(CliRun.Result r) {
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("killed "), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void recvOnAVanishedIpv4PeerIsAbortedThroughPidAndFd() {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER4, "7000");
        link.cutServerLink();
        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()));
        assertKilled(r);
        assertTrue(r.out().contains("inode " + v.inode()) && r.out().contains("victim pid " + v.pid()), r::toString);
        assertAborted(v, "recv", "ECONNABORTED");
    }

    @Test
    void recvOnAVanishedIpv6PeerIsAbortedThroughPidAndFd() {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER6, "7000");
        link.cutServerLink();
        assertKilled(CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd())));
        assertAborted(v, "recv", "ECONNABORTED");
    }

    @Test
    void recvOnAVanishedIpv4PeerIsAbortedThroughItsInodeFromInsideTheNamespace() {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER4, "7000");
        link.cutServerLink();
        Proc.Result r = link.client().exec(Host.LAUNCHER.toString(), "inode", Long.toString(v.inode()));
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("killed tcp " + VethPair.CLIENT4), r::toString);
        assertAborted(v, "recv", "ECONNABORTED");
    }

    @Test
    void recvOnAVanishedIpv6PeerIsAbortedThroughItsInodeFromOutside() {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER6, "7000");
        link.cutServerLink();
        assertKilled(CliRun.run("inode", Long.toString(v.inode()), "--netns", Integer.toString(v.pid())));
        assertAborted(v, "recv", "ECONNABORTED");
    }

    @Test
    void anInodeInAnotherNamespaceIsFoundWithAllNetns() {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER4, "7000");
        CliRun.Result here = CliRun.run("inode", Long.toString(v.inode()));
        assertEquals(1, here.status(), here::toString);
        assertTrue(here.err().contains("--all-netns"), here::toString);
        assertKilled(CliRun.run("inode", Long.toString(v.inode()), "--all-netns"));
        assertAborted(v, "recv", "ECONNABORTED");
    }

    @Test
    void aClientWaitingInPollThenReadIsAborted() {
        Victim v = clientVictim("tcp-poll", VethPair.SERVER4, "7000");
        link.cutServerLink();
        assertKilled(CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd())));
        Map<String, String> poll = v.result(10);
        assertEquals("poll", poll.get("op"), poll::toString);
        assertAborted(v, "read", "ECONNABORTED");
    }

    @Test
    void aConnectedUdpSocketBlockedInRecvIsAborted() {
        int port = PORT.incrementAndGet();
        started.add(SockPop.start(link.server().prefix(), "udp-bound:" + VethPair.SERVER4 + ":" + port));
        Victim v = clientVictim("udp-recv", VethPair.SERVER4, Integer.toString(port));
        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()));
        assertKilled(r);
        assertTrue(r.out().startsWith("killed udp "), r::toString);
        assertAborted(v, "recv", "ECONNABORTED");
    }

    @Test
    void aConnectStuckInSynSentIsAborted() throws Exception {
        link.cutServerLink();
        Victim v = clientVictim("tcp-connect", VethPair.SERVER4, Integer.toString(PORT.incrementAndGet()));
        awaitState(v, "SYN-SENT");
        assertKilled(CliRun.run("inode", Long.toString(v.inode()), "--netns", Integer.toString(v.pid())));
        assertAborted(v, "connect", "ECONNABORTED");
    }

    @Test
    void aListenerBlockedInAcceptSeesEinval() {
        Victim v = clientVictim("tcp-accept", VethPair.CLIENT4, Integer.toString(PORT.incrementAndGet()));
        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()));
        assertKilled(r);
        assertTrue(r.out().contains(" LISTEN "), r::toString);
        assertAborted(v, "accept", "EINVAL");
    }

    @Test
    void dryRunFindsTheSocketAndKillsNothing() throws Exception {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER4, "7000");
        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()), "--dry-run");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("would kill tcp "), r::toString);
        CliRun.Result byInode = CliRun.run("inode", Long.toString(v.inode()), "--all-netns", "--dry-run", "--json");
        assertEquals(0, byInode.status(), byInode::toString);
        Map<?, ?> o = (Map<?, ?>) MiniJson.parse(byInode.out());
        assertEquals("found", o.get("outcome"));
        assertTrue(v.stillBlocked(500), "the victim must still be blocked after a dry run");
        assertEquals("ESTAB", stateOf(v));
    }

    @Test
    void jsonReportNamesTargetOutcomeAndSocket() {
        Victim v = clientVictim("tcp-recv", VethPair.SERVER4, "7000");
        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()), "--json");
        assertEquals(0, r.status(), r::toString);
        Map<?, ?> o = (Map<?, ?>) MiniJson.parse(r.out());
        assertEquals(Map.of("pid", (long) v.pid(), "fd", (long) v.fd()), o.get("target"));
        assertEquals("killed", o.get("outcome"));
        Map<?, ?> s = (Map<?, ?>) o.get("socket");
        assertEquals(v.inode(), s.get("inode"));
        assertEquals(VethPair.SERVER4, s.get("peer_address"));
        assertEquals(7000L, s.get("peer_port"));
        assertEquals(List.of(Map.of("pid", (long) v.pid(), "fd", (long) v.fd(), "comm", "victim")), s.get("processes"));
        assertAborted(v, "recv", "ECONNABORTED");
    }

    private String stateOf(Victim v) {
        CliRun.Result r = CliRun.run("list", "--json", "--no-owners", "--netns", Integer.toString(v.pid()), "--inode",
                Long.toString(v.inode()));
        List<Map<String, Object>> l = MiniJson.parseArrayOfObjects(r.out());
        return l.isEmpty() ? "gone" : (String) l.get(0).get("state");
    }

    private void awaitState(Victim v, String state) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (stateOf(v).equals(state)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("victim socket never reached " + state + ": " + stateOf(v));
    }
}
