package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The keepalive probe against real kernels and real programs (issue 14): a peer behind a link that
 * went down never answers, a quiet live peer on the client's loopback ({@code victim tcp-echo})
 * answers at once. Victims and sockkill run as an unprivileged user (uid 65534, no CAP_NET_ADMIN)
 * where the issue asks it: such a user frees the dead connection of their own program and leaves
 * the live one working, with its keepalive settings as they were (the victim reads them itself,
 * OPTS lines); as root, --if-dead kills only what is dead, over 200 connections at once too.
 */
class ProbeIT {
    private static final List<String> NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    private static final AtomicInteger PORT = new AtomicInteger(7810);
    private static VethPair link;
    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    static void topology() {
        Host.requireRootAndBuild();
        link = VethPair.create();
        // the peer that goes dead when the link goes down: it accepts and says nothing
        link.server().own(Victim.start(link.server().prefix(), "tcp-serve", VethPair.SERVER4, "7000"));
        // a live, quiet peer on the client's own loopback, which the cut does not reach: it answers
        // keepalive probes (its kernel does) and echoes what it is sent
        link.client().own(Victim.start(link.client().prefix(), "tcp-echo", "127.0.0.1", "7100"));
    }

    @AfterAll
    static void tearDown() {
        if (link != null) {
            link.close();
        }
    }

    @AfterEach
    void stopVictims() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        link.server().exec("ip", "link", "set", "sks", "up");
    }

    private Victim victim(boolean asNobody, String... modeAndArgs) {
        List<String> prefix = new ArrayList<>(link.client().prefix());
        if (asNobody) {
            prefix.addAll(NOBODY);
        }
        Victim v = Victim.start(prefix, modeAndArgs);
        started.add(v);
        return v;
    }

    /** An event loop over a connection to the peer that will die and one to the live peer. */
    private Victim eventLoop(boolean asNobody, String... options) {
        List<String> args = new ArrayList<>(List.of("--control"));
        args.addAll(List.of(options));
        args.addAll(List.of("tcp-loop", "epoll", VethPair.SERVER4, "7000", "127.0.0.1", "7100"));
        return victim(asNobody, args.toArray(String[]::new));
    }

    private static int fd(Victim v, int index) {
        return Integer.parseInt(v.ready("fds").split(",")[index]);
    }

    /** sockkill run by uid 65534 in the client's namespace: no CAP_NET_ADMIN, ptrace rights over its own. */
    private static Proc.Result asNobody(String... args) {
        List<String> command = new ArrayList<>(link.client().prefix());
        command.addAll(NOBODY);
        command.add(Host.LAUNCHER.toString());
        command.addAll(List.of(args));
        return Proc.run(command);
    }

    /** Each connection's keepalive settings, as the victim itself reads them (getsockopt), by fd. */
    private static Map<Integer, String> keepalive(Victim v, int connections) throws IOException {
        v.command("opts");
        Map<Integer, String> out = new HashMap<>();
        for (int i = 0; i < connections; i++) {
            Map<String, String> f = v.line("OPTS ", 5);
            out.put(Integer.parseInt(f.get("fd")), "keepalive=" + f.get("keepalive") + " idle=" + f.get("idle")
                    + " intvl=" + f.get("intvl") + " cnt=" + f.get("cnt") + " user_timeout=" + f.get("user_timeout"));
        }
        return out;
    }

    /** Data still flows through {@code fd} both ways: the live peer echoes what the victim sends. */
    private static void exchangesData(Victim v, int fd) throws IOException {
        v.command("still there?");
        Map<String, String> data = v.line("DATA ", 5);
        assertEquals(Integer.toString(fd), data.get("fd"), data::toString);
        assertEquals("13", data.get("bytes"), data::toString);
    }

    private static void deadPeer() throws InterruptedException {
        link.cutServerLink();
        // a hung program has heard nothing for a while; a second is all keepalive needs to probe at once
        Thread.sleep(1200);
    }

    @Test
    void aUserFreesTheDeadConnectionOfTheirOwnEventLoopAndTheLiveOneKeepsWorking() throws Exception {
        Victim v = eventLoop(true, "--keepalive", "600:30:5:45000");
        int dead = fd(v, 0);
        int live = fd(v, 1);
        Map<Integer, String> before = keepalive(v, 2);
        assertEquals("keepalive=1 idle=600 intvl=30 cnt=5 user_timeout=45000", before.get(live));
        deadPeer();

        Proc.Result r = asNobody("pid", Integer.toString(v.pid()));

        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r::toString);
        assertEquals("pid " + v.pid() + " (victim) waits on 2 network sockets (fds " + dead + ", " + live + "): each is "
                + "probed (sockkill may not destroy them here), and only those whose peer is dead are killed", lines[0]);
        assertTrue(lines[1].startsWith("killed tcp " + v.local() + " <-> " + VethPair.SERVER4 + ":7000 ESTAB inode "
                + v.inode() + " (victim pid " + v.pid() + " fd " + dead + "): probed: peer silent for "), r::toString);
        assertTrue(lines[1].endsWith(", connection timed out"), r::toString);
        assertTrue(lines[2].startsWith("alive tcp 127.0.0.1:"), r::toString);
        assertTrue(lines[2].contains(" <-> 127.0.0.1:7100 ESTAB inode ") && lines[2].contains("(victim pid " + v.pid()
                + " fd " + live + "): probed: peer answered after ") && lines[2].endsWith("; left as it was"),
                r::toString);

        Map<String, String> result = v.result(10);
        assertEquals("read", result.get("op"), result::toString);
        assertEquals("ETIMEDOUT", result.get("name"), result::toString);
        assertEquals(Integer.toString(dead), result.get("fd"), result::toString);
        assertTrue(v.stillBlocked(300), "the live connection is still waited on");
        exchangesData(v, live);
        assertEquals(before.get(live), keepalive(v, 1).get(live), "the live connection's keepalive settings");
    }

    @Test
    void aUserWhoseConnectionAnswersIsToldItIsAliveAndItIsLeftAsItWas() throws Exception {
        Victim v = victim(true, "--control", "tcp-loop", "epoll", "127.0.0.1", "7100");
        Map<Integer, String> before = keepalive(v, 1);
        Thread.sleep(1200);

        Proc.Result r = asNobody("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()));

        assertEquals(8, r.status(), r::toString);
        assertTrue(r.out().startsWith("alive tcp " + v.local() + " <-> 127.0.0.1:7100 ESTAB inode " + v.inode()
                + " (victim pid " + v.pid() + " fd " + v.fd() + "): probed: peer answered after "), r::toString);
        assertTrue(r.err().startsWith("sockkill: nothing was killed: the peer of tcp "), r::toString);
        assertTrue(r.err().endsWith("; its keepalive settings are as before; without CAP_NET_ADMIN sockkill kills only "
                + "connections whose peer is proven dead (with it, as root has it, 'sockkill pid " + v.pid() + " fd "
                + v.fd() + "' kills it anyway)\n"), r::toString);
        assertTrue(v.stillBlocked(300));
        exchangesData(v, v.fd());
        assertEquals(before, keepalive(v, 1));
    }

    @Test
    void aUserWithoutRightsOverAnotherUsersProcessIsToldBothWaysToGainThem() throws Exception {
        Victim v = victim(false, "tcp-recv", VethPair.SERVER4, "7000");
        deadPeer();

        Proc.Result byFd = asNobody("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()));
        Proc.Result alone = asNobody("pid", Integer.toString(v.pid()));

        assertEquals(3, byFd.status(), byFd::toString);
        assertTrue(byFd.err().startsWith("sockkill: cannot read the fds of pid " + v.pid() + ": needs CAP_SYS_PTRACE"),
                byFd::toString);
        assertTrue(byFd.err().endsWith(" (run as root); or run as its owner, uid 0 (who may probe its connections and "
                + "free those whose peer is dead)\n"), byFd::toString);
        assertEquals(3, alone.status(), alone::toString);
        assertTrue(alone.err().endsWith("needs CAP_SYS_PTRACE over it (run as root); or run as its owner, uid 0 (who "
                + "may probe its connections and free those whose peer is dead)\n"), alone::toString);
        assertTrue(v.stillBlocked(300), "nothing was killed");
    }

    @Test
    void aUserWhoAsksForTheShutdownFallbackGetsItWithoutCapNetAdmin() throws Exception {
        Victim v = victim(true, "tcp-recv", "127.0.0.1", "7100");

        Proc.Result r = asNobody("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()),
                "--fallback=shutdown");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("shut down tcp " + v.local() + " <-> 127.0.0.1:7100 ESTAB inode " + v.inode()),
                r::toString);
        assertEquals("EOF", v.result(10).get("name"), "the user asked for it: no probe, a shutdown");
    }

    @Test
    void ifDeadOnALiveConnectionKillsNothingAndLeavesItExactlyAsItWas() throws Exception {
        Victim v = victim(false, "--control", "--keepalive", "20:7:3:9000", "tcp-loop", "epoll", "127.0.0.1", "7100");
        Map<Integer, String> before = keepalive(v, 1);
        Thread.sleep(1200);

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()), "--if-dead");

        assertEquals(8, r.status(), r::toString);
        assertTrue(r.out().startsWith("alive tcp "), r::toString);
        assertTrue(r.err().startsWith("sockkill: nothing was killed: the peer of tcp " + v.local()), r::toString);
        assertTrue(v.stillBlocked(300));
        exchangesData(v, v.fd());
        assertEquals("keepalive=1 idle=20 intvl=7 cnt=3 user_timeout=9000", before.get(v.fd()));
        assertEquals(before, keepalive(v, 1));
    }

    @Test
    void ifDeadOnADeadConnectionKillsIt() throws Exception {
        Victim v = victim(false, "tcp-recv", VethPair.SERVER4, "7000");
        deadPeer();

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()), "--if-dead");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("killed tcp " + v.local() + " <-> " + VethPair.SERVER4 + ":7000 ESTAB inode "
                + v.inode() + " (victim pid " + v.pid() + " fd " + v.fd() + "): probed: peer silent for "), r::toString);
        assertEquals("", r.err());
        String name = v.result(10).get("name");
        assertTrue(name.equals("ETIMEDOUT") || name.equals("ECONNABORTED"), name);
    }

    /**
     * Keepalive sends no probe while data waits to be acknowledged: a sender stuck retransmitting
     * is proven dead by its own retransmission, seen during the probe and left unanswered. The
     * kernel will not end such a connection soon, so --if-dead destroys it.
     */
    @Test
    void aSenderStuckRetransmittingIsProvenDeadByItsOwnRetransmissionAndDestroyed() throws Exception {
        Victim v = victim(false, "tcp-send", VethPair.SERVER4, "7000");
        link.cutServerLink();
        v.poke();
        v.line("SENT", 10);

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()), "--if-dead");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("killed tcp " + v.local() + " <-> " + VethPair.SERVER4 + ":7000 ESTAB inode "
                + v.inode()), r::toString);
        assertTrue(r.out().contains(": probed: peer silent for ") && r.out().contains(" (a retransmission of its data "
                + "unanswered); destroyed"), r::toString);
        assertEquals("ECONNABORTED", v.result(10).get("name"));
    }

    @Test
    void aUserCannotEndARetransmittingSenderWithoutRootAndIsToldWhatWould() throws Exception {
        Victim v = victim(true, "tcp-send", VethPair.SERVER4, "7000");
        link.cutServerLink();
        v.poke();
        v.line("SENT", 10);

        Proc.Result r = asNobody("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()));

        assertEquals(3, r.status(), r::toString);
        assertTrue(r.err().startsWith("sockkill: the peer of tcp " + v.local()), r::toString);
        assertTrue(r.err().contains("is silent (probed: peer silent for "), r::toString);
        assertTrue(r.err().contains("but the kernel does not end a connection whose data waits to be acknowledged or "
                + "sent, and sockkill may not destroy it here (without CAP_NET_ADMIN; run as root); "
                + "--fallback=shutdown shuts it down instead. Nothing was killed"), r::toString);
        assertTrue(v.stillBlocked(300));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pidAloneWithIfDeadProbesEverySocketAndKillsOnlyTheDeadOne() throws Exception {
        Victim v = eventLoop(false);
        int dead = fd(v, 0);
        int live = fd(v, 1);
        deadPeer();

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "--if-dead", "--json");

        assertEquals(0, r.status(), r::toString);
        String[] objects = r.out().split("\n");
        assertEquals(2, objects.length, r::toString);
        Map<String, Object> killed = (Map<String, Object>) MiniJson.parse(objects[0]);
        Map<String, Object> alive = (Map<String, Object>) MiniJson.parse(objects[1]);
        assertEquals(Map.of("pid", (long) v.pid(), "fd", (long) dead), killed.get("target"));
        assertEquals("killed", killed.get("outcome"));
        Map<String, Object> probe = (Map<String, Object>) killed.get("probe");
        assertEquals("timed-out", probe.get("verdict"));
        assertEquals(null, probe.get("restored"), "a connection that ended has no settings to put back");
        assertEquals(Map.of("keepalive", false, "idle_s", probe("idle_s", probe), "interval_s", probe("interval_s",
                probe), "count", probe("count", probe), "user_timeout_ms", 0L), probe.get("keepalive_before"));
        assertEquals(Map.of("pid", (long) v.pid(), "fd", (long) live), alive.get("target"));
        assertEquals("alive", alive.get("outcome"));
        assertEquals("answered", ((Map<String, Object>) alive.get("probe")).get("verdict"));
        assertEquals(true, ((Map<String, Object>) alive.get("probe")).get("restored"));
        assertTrue(alive.get("diagnosis") instanceof Map, r::toString);
        assertEquals("ETIMEDOUT", v.result(10).get("name"));
        assertTrue(v.stillBlocked(300));
    }

    private static Object probe(String key, Map<String, Object> probe) {
        return ((Map<?, ?>) probe.get("keepalive_before")).get(key);
    }

    @Test
    void inodeWithIfDeadProbesThroughAHoldersFd() throws Exception {
        Victim live = victim(false, "--control", "tcp-loop", "epoll", "127.0.0.1", "7100");
        Victim dead = victim(false, "tcp-recv", VethPair.SERVER4, "7000");
        deadPeer();

        CliRun.Result alive = CliRun.run("inode", Long.toString(live.inode()), "--if-dead");
        CliRun.Result killed = CliRun.run("inode", Long.toString(dead.inode()), "--if-dead");

        assertEquals(8, alive.status(), alive::toString);
        assertTrue(alive.out().startsWith("alive tcp ") && alive.out().contains("(victim pid " + live.pid() + " fd "
                + live.fd() + ")"), alive::toString);
        assertTrue(live.stillBlocked(300));
        exchangesData(live, live.fd());
        assertEquals(0, killed.status(), killed::toString);
        assertTrue(killed.out().startsWith("killed tcp ") && killed.out().contains("inode " + dead.inode()),
                killed::toString);
        assertEquals("ETIMEDOUT", dead.result(10).get("name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whyProbeSaysWhichPeerAnswersAndKillsNothing() throws Exception {
        Victim v = eventLoop(false, "--keepalive", "45:15:4:0");
        int dead = fd(v, 0);
        int live = fd(v, 1);
        Map<Integer, String> before = keepalive(v, 2);
        deadPeer();

        CliRun.Result r = CliRun.run("why", Integer.toString(v.pid()), "--probe", "--json");

        assertEquals(7, r.status(), "the verdict is still 'several': " + r);
        Map<Integer, Map<String, Object>> probes = new HashMap<>();
        for (Object o : (List<Object>) ((Map<String, Object>) MiniJson.parse(r.out())).get("fds")) {
            Map<String, Object> f = (Map<String, Object>) o;
            if (f.get("probe") != null) {
                probes.put(((Long) f.get("fd")).intValue(), (Map<String, Object>) f.get("probe"));
            }
        }
        assertEquals(Set.of(dead, live), probes.keySet(), r::toString);
        assertEquals("silent", probes.get(dead).get("verdict"), r::toString);
        assertTrue(((String) probes.get(dead).get("words")).startsWith("probed: peer silent for "), r::toString);
        assertEquals("answered", probes.get(live).get("verdict"), r::toString);
        assertEquals(true, probes.get(dead).get("restored"));
        assertEquals(true, probes.get(live).get("restored"));

        CliRun.Result text = CliRun.run("why", Integer.toString(v.pid()), "--probe");
        assertTrue(text.out().contains("\n    probed: peer answered after "), text::toString);
        assertTrue(v.stillBlocked(1500), "why only looks: the dead connection is not ended either");
        assertEquals(before, keepalive(v, 2), "every setting put back, the dead connection's too");
    }

    @Test
    void aDryRunProbesButKillsNothingAndPutsEverySettingBack() throws Exception {
        Victim v = eventLoop(false);
        int dead = fd(v, 0);
        int live = fd(v, 1);
        Map<Integer, String> before = keepalive(v, 2);
        deadPeer();

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "--if-dead", "--dry-run");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("\nwould kill tcp " + v.local() + " <-> " + VethPair.SERVER4 + ":7000 ESTAB inode "
                + v.inode() + " (victim pid " + v.pid() + " fd " + dead + "): probed: peer silent for "), r::toString);
        assertTrue(r.out().contains("\nalive tcp 127.0.0.1:") && r.out().contains(" fd " + live + "): probed: peer "
                + "answered after "), r::toString);
        assertTrue(v.stillBlocked(1500));
        assertEquals(before, keepalive(v, 2));
    }

    @Test
    void aUdpSocketHasNoProbeAndIfDeadSaysSoAndKillsNothing() throws Exception {
        int port = PORT.incrementAndGet();
        started.add(SockPop.start(link.server().prefix(), "udp-bound:" + VethPair.SERVER4 + ":" + port));
        Victim v = victim(false, "udp-recv", VethPair.SERVER4, Integer.toString(port));

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd()), "--if-dead");

        assertEquals(4, r.status(), r::toString);
        assertTrue(r.err().startsWith("sockkill: not killed: udp " + v.local()), r::toString);
        assertTrue(r.err().contains("(not probed: UDP has no keepalive: nothing tells whether its peer is alive, and "
                + "sockkill does not guess); --if-dead kills only connections whose peer is proven dead"), r::toString);
        assertTrue(v.stillBlocked(300));
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchIfDeadOverTwoHundredConnectionsKillsExactlyTheTwentyDeadOnes() throws Exception {
        int livePort = PORT.incrementAndGet();
        int deadPort = PORT.incrementAndGet();
        SockPop liveListener = SockPop.start(link.client().prefix(), "tcp-listen:127.0.0.1:" + livePort);
        started.add(liveListener);
        started.add(SockPop.start(link.server().prefix(), "tcp-listen:" + VethPair.SERVER4 + ":" + deadPort));
        Set<Long> live = new HashSet<>();
        Set<Long> dead = new HashSet<>();
        List<String> clientAsNobody = new ArrayList<>(link.client().prefix());
        clientAsNobody.addAll(NOBODY);
        for (int p = 0; p < 4; p++) {
            // four processes of another user, each with 45 live and 5 soon dead connections
            SockPop pop = SockPop.start(clientAsNobody, "tcp-connect:45:127.0.0.1:" + livePort,
                    "tcp-connect:5:" + VethPair.SERVER4 + ":" + deadPort);
            started.add(pop);
            for (SockPop.Sock s : pop.sockets()) {
                (s.peer().startsWith(VethPair.SERVER4 + ":") ? dead : live).add(s.inode());
            }
        }
        assertEquals(180, live.size());
        assertEquals(20, dead.size());
        deadPeer();

        CliRun.Result r = CliRun.run("match", "--netns", Integer.toString(liveListener.pid()), "--uid", "65534",
                "--if-dead", "--json");

        assertEquals(0, r.status(), r::toString);
        Map<String, Object> o = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(200L, o.get("matched"), r::toString);
        assertEquals(20L, o.get("killed"), r::toString);
        assertEquals(180L, o.get("alive"), r::toString);
        assertEquals(0L, o.get("failed"), r::toString);
        Set<Long> killed = new HashSet<>();
        Set<Long> alive = new HashSet<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) o.get("sockets")) {
            long inode = (Long) ((Map<String, Object>) s.get("socket")).get("inode");
            (s.get("outcome").equals("killed") ? killed : alive).add(inode);
            if (s.get("outcome").equals("alive")) {
                assertEquals(true, ((Map<String, Object>) s.get("probe")).get("restored"), s::toString);
            }
        }
        assertEquals(dead, killed);
        assertEquals(live, alive);

        // what is left: every live connection, established, without the keepalive timer the probe armed
        String ss = link.client().exec("ss", "-tnoe", "state", "established", "dport", "=", ":" + livePort)
                .requireSuccess().out();
        Set<Long> left = new HashSet<>();
        for (String line : ss.split("\n")) {
            int ino = line.indexOf(" ino:");
            if (ino >= 0) {
                left.add(Long.parseLong(line.substring(ino + 5).split("[ \t]")[0]));
                assertFalse(line.contains("keepalive"), "keepalive left on: " + line);
            }
        }
        assertEquals(live, left, ss);
    }
}
