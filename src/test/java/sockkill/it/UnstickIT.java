package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sockkill.core.KillOptions;
import sockkill.core.Problem;
import sockkill.core.SocketKiller;
import sockkill.proc.ProcFs;
import sockkill.proc.SyscallTable;

/**
 * {@code sockkill pid P} and {@code sockkill why P} against real programs blocked on a peer that
 * vanished behind a downed link: one victim per family of blocking system calls, freed by the pid
 * alone; a thread that is not the main one; an epoll event loop; one dead and one live connection
 * (refused, nothing killed); a process blocked on a pipe or a tty (refused); rights and races.
 */
class UnstickIT {
    private static VethPair link;
    private static final AtomicInteger PORT = new AtomicInteger(7400);
    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    static void topology() {
        Host.requireRootAndBuild();
        link = VethPair.create();
        link.server().own(Victim.start(link.server().prefix(), "tcp-serve", VethPair.SERVER4, "7000"));
        // a live peer on the client's own loopback, which the cut does not reach: it talks every 100 ms
        link.client().own(Victim.start(link.client().prefix(), "tcp-talk", "127.0.0.1", "7100"));
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

    private Victim victim(String... modeAndArgs) {
        Victim v = Victim.start(link.client().prefix(), modeAndArgs);
        started.add(v);
        return v;
    }

    /** The calls this machine has: aarch64 has no poll, select or epoll_wait. */
    static Stream<String> calls() {
        List<String> calls = new ArrayList<>(List.of("read", "readv", "recvfrom", "recvmsg", "recvmmsg", "ppoll",
                "pselect6", "epoll_pwait", "epoll_pwait2", "write", "writev", "sendto", "sendmsg", "sendmmsg"));
        if (SyscallTable.host().orElseThrow().arch().equals("x86_64")) {
            calls.addAll(List.of("poll", "select", "epoll_wait"));
        }
        return calls.stream();
    }

    private static boolean waitsThenReads(String call) {
        return call.contains("poll") || call.contains("select");
    }

    private static void assertKilledByPidAlone(Victim v, CliRun.Result r) {
        assertEquals(0, r.status(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r::toString);
        assertTrue(lines[0].startsWith("pid " + v.pid() + " (victim) is blocked on fd " + v.fd() + ", tcp "),
                r::toString);
        assertTrue(lines[1].startsWith("killed tcp ") && lines[1].contains("inode " + v.inode())
                && lines[1].endsWith("(victim pid " + v.pid() + " fd " + v.fd() + ")"), r::toString);
        assertEquals("", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aClientBlockedInThisCallIsFreedByItsPidAlone(String call) {
        Victim v = victim("tcp-wait", call, VethPair.SERVER4, "7000");
        link.cutServerLink();

        assertKilledByPidAlone(v, CliRun.run("pid", Integer.toString(v.pid())));

        Map<String, String> r = v.result(10);
        assertEquals(call, r.get("op"), r::toString);
        if (waitsThenReads(call)) {
            assertEquals("OK", r.get("name"), r::toString);
            r = v.result(10);
            assertEquals("read", r.get("op"), r::toString);
        }
        assertEquals("ECONNABORTED", r.get("name"), r::toString);
    }

    @Test
    void recvIsRecvfromAndIsFreed() {
        Victim v = victim("tcp-recv", VethPair.SERVER4, "7000");
        link.cutServerLink();

        assertKilledByPidAlone(v, CliRun.run("pid", Integer.toString(v.pid())));
        assertEquals("ECONNABORTED", v.result(10).get("name"));
    }

    @Test
    void aConnectedUdpSocketInRecvIsFreed() {
        int port = PORT.incrementAndGet();
        started.add(SockPop.start(link.server().prefix(), "udp-bound:" + VethPair.SERVER4 + ":" + port));
        Victim v = victim("udp-recv", VethPair.SERVER4, Integer.toString(port));

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()));

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("\nkilled udp "), r::toString);
        assertEquals("ECONNABORTED", v.result(10).get("name"));
    }

    @Test
    void aConnectStuckInSynSentIsFreed() throws Exception {
        link.cutServerLink();
        Victim v = victim("tcp-connect", VethPair.SERVER4, Integer.toString(PORT.incrementAndGet()));
        awaitWhy(v, "connect(" + v.fd() + ")");

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()));

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains(" SYN-SENT inode " + v.inode()), r::toString);
        Map<String, String> result = v.result(10);
        assertEquals("connect", result.get("op"));
        assertEquals("ECONNABORTED", result.get("name"));
    }

    @Test
    void listenersBlockedInAcceptAndAccept4SeeEinval() {
        for (String mode : new String[] {"tcp-accept", "tcp-accept4"}) {
            Victim v = victim(mode, VethPair.CLIENT4, Integer.toString(PORT.incrementAndGet()));

            CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()));

            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().contains(" LISTEN inode " + v.inode()), r::toString);
            Map<String, String> result = v.result(10);
            assertEquals(mode.equals("tcp-accept") ? "accept" : "accept4", result.get("op"));
            assertEquals("EINVAL", result.get("name"));
        }
    }

    @Test
    void theBlockedThreadNeedNotBeTheMainOne() {
        Victim v = victim("--thread", "tcp-wait", "read", VethPair.SERVER4, "7000");
        link.cutServerLink();
        assertTrue(v.tid() != v.pid(), "the victim blocks in a second thread");

        CliRun.Result why = CliRun.run("why", Integer.toString(v.pid()));
        assertEquals(0, why.status(), why::toString);
        assertTrue(why.out().contains("\nthread " + v.pid() + " (victim): futex (no fd to follow)\n"), why::toString);
        assertTrue(why.out().contains("(ticker): clock_nanosleep (no fd to follow)\n"), why::toString);
        assertTrue(why.out().contains("\nthread " + v.tid() + " (worker): read(" + v.fd() + ")\n"), why::toString);

        assertKilledByPidAlone(v, CliRun.run("pid", Integer.toString(v.pid())));
        Map<String, String> r = v.result(10);
        assertEquals("read", r.get("op"));
        assertEquals("ECONNABORTED", r.get("name"));
    }

    @Test
    void aThreadIdIsTakenAsItsProcess() {
        Victim v = victim("--thread", "tcp-wait", "recvmsg", VethPair.SERVER4, "7000");
        link.cutServerLink();

        CliRun.Result why = CliRun.run("why", Integer.toString(v.tid()), "--json");
        assertEquals(0, why.status(), why::toString);
        Map<?, ?> d = (Map<?, ?>) MiniJson.parse(why.out());
        assertEquals((long) v.pid(), d.get("pid"));
        assertEquals((long) v.tid(), d.get("thread_given"));

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.tid()));
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("(victim pid " + v.pid() + " fd " + v.fd() + ")"), r::toString);
        assertEquals("ECONNABORTED", v.result(10).get("name"));
    }

    @Test
    void anEpollEventLoopIsFreed() {
        Victim v = victim("tcp-loop", "epoll", VethPair.SERVER4, "7000");
        link.cutServerLink();

        CliRun.Result why = CliRun.run("why", Integer.toString(v.pid()));
        assertEquals(0, why.status(), why::toString);
        assertTrue(why.out().contains("): epoll_wait("), why::toString);
        assertTrue(why.out().contains(": epoll set watching fds "), why::toString);

        assertKilledByPidAlone(v, CliRun.run("pid", Integer.toString(v.pid())));
        Map<String, String> r = v.result(10);
        assertEquals("read", r.get("op"));
        assertEquals("fd=" + v.fd(), "fd=" + r.get("fd"));
        assertEquals("ECONNABORTED", r.get("name"));
    }

    @Test
    void oneDeadAndOneLiveConnectionAreRefusedListedWithTheirFiguresAndNothingIsKilled() throws Exception {
        Victim v = victim("tcp-loop", "epoll", VethPair.SERVER4, "7000", "127.0.0.1", "7100");
        String[] fds = v.ready("fds").split(",");
        int dead = Integer.parseInt(fds[0]);
        int live = Integer.parseInt(fds[1]);
        link.cutServerLink();
        Thread.sleep(1500); // the dead one hears nothing from now on; the live one hears a byte every 100 ms

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()));

        assertEquals(7, r.status(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r::toString);
        assertTrue(lines[0].startsWith("fd " + dead + ": tcp " + VethPair.CLIENT4 + ":") && lines[0].contains(
                " <-> " + VethPair.SERVER4 + ":7000 ESTAB inode ") && lines[0].contains(": last data received "),
                r::toString);
        assertTrue(lines[1].startsWith("fd " + live + ": tcp 127.0.0.1:") && lines[1].contains(
                " <-> 127.0.0.1:7100 ESTAB inode ") && lines[1].contains(", 0 probes"), r::toString);
        assertTrue(r.err().startsWith("sockkill: none was killed: pid " + v.pid() + " (victim) waits on 2 network "
                + "sockets (fds " + dead + ", " + live + "): choose one with 'sockkill pid " + v.pid() + " fd F', "
                + "or those silent for S seconds with 'sockkill match --pid " + v.pid() + " --idle S'"), r::toString);
        assertTrue(v.stillBlocked(500), "nothing may be killed");

        CliRun.Result why = CliRun.run("why", Integer.toString(v.pid()), "--json");
        assertEquals(7, why.status(), why::toString);
        Map<?, ?> d = (Map<?, ?>) MiniJson.parse(why.out());
        Map<?, ?> verdict = (Map<?, ?>) d.get("verdict");
        assertEquals("several", verdict.get("outcome"));
        assertEquals(List.of((long) dead, (long) live), verdict.get("fds"));
        long deadSilence = lastDataReceived(d, dead);
        long liveSilence = lastDataReceived(d, live);
        assertTrue(deadSilence >= 1500 && liveSilence < deadSilence, deadSilence + " ms against " + liveSilence);

        CliRun.Result all = CliRun.run("pid", Integer.toString(v.pid()), "--all-blocked");
        assertEquals(0, all.status(), all::toString);
        assertEquals(2, all.out().split("\nkilled tcp ").length - 1, all::toString);
        for (int i = 0; i < 2; i++) {
            Map<String, String> result = v.result(10);
            assertEquals("read", result.get("op"));
            assertEquals("ECONNABORTED", result.get("name"));
        }
    }

    private static long lastDataReceived(Map<?, ?> diagnosis, int fd) {
        for (Object o : (List<?>) diagnosis.get("fds")) {
            Map<?, ?> f = (Map<?, ?>) o;
            if (f.get("fd").equals((long) fd)) {
                assertEquals(Boolean.TRUE, f.get("candidate"));
                return (Long) ((Map<?, ?>) f.get("tcp_info")).get("last_data_recv_ms");
            }
        }
        throw new AssertionError("fd " + fd + " is not in " + diagnosis);
    }

    @Test
    void aProcessBlockedOnAPipeIsNotKilledAndSaysWhy() throws Exception {
        Victim v = victim("pipe-read");

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()));

        assertEquals(1, r.status(), r::toString);
        assertEquals("", r.out());
        String link = Files.readSymbolicLink(Path.of("/proc/" + v.pid() + "/fd/" + v.fd())).toString();
        assertEquals("sockkill: pid " + v.pid() + " (victim) is not blocked on a network socket: thread " + v.pid()
                + " in read(" + v.fd() + ") on " + link + "\n", r.err());
        assertTrue(v.stillBlocked(300));
    }

    @Test
    void aProcessBlockedOnATtyInAThreadIsNotKilledAndSaysWhy() throws Exception {
        Victim v = victim("--thread", "tty-read");

        CliRun.Result r = CliRun.run("pid", Integer.toString(v.pid()), "--json");

        assertEquals(1, r.status(), r::toString);
        Map<?, ?> o = (Map<?, ?>) MiniJson.parse(r.out());
        assertEquals(Map.of("pid", (long) v.pid()), o.get("target"));
        assertEquals("not-found", o.get("outcome"));
        assertNull(o.get("socket"));
        String message = (String) o.get("message");
        assertTrue(message.startsWith("pid " + v.pid() + " (victim) is not blocked on a network socket: thread "
                + v.pid() + " in futex, thread "), message);
        assertTrue(message.endsWith(" in read(" + v.fd() + ") on /dev/pts/"
                + Files.readSymbolicLink(Path.of("/proc/" + v.pid() + "/fd/" + v.fd())).toString().substring(9)),
                message);
        Map<?, ?> verdict = (Map<?, ?>) ((Map<?, ?>) o.get("diagnosis")).get("verdict");
        assertEquals("none", verdict.get("outcome"));
        assertTrue(v.stillBlocked(300));
    }

    @Test
    void whyTextSaysWhatEachThreadAndFdIs() throws Exception {
        Victim v = victim("tcp-recv", VethPair.SERVER4, "7000");
        link.cutServerLink();

        CliRun.Result r = CliRun.run("why", Integer.toString(v.pid()));

        assertEquals(0, r.status(), r::toString);
        String arch = SyscallTable.host().orElseThrow().arch();
        long netns = netnsOf(v.pid());
        String socket = "tcp " + v.local() + " <-> " + VethPair.SERVER4 + ":7000 ESTAB inode " + v.inode();
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r::toString);
        assertEquals("pid " + v.pid() + " (victim), " + arch + ", 1 thread", lines[0]);
        assertEquals("thread " + v.pid() + " (victim): recvfrom(" + v.fd() + ")", lines[1]);
        assertEquals("fd " + v.fd() + ": " + socket + " (netns " + netns + ")", lines[2]);
        assertTrue(lines[3].matches("    last data received \\d+\\.\\d s ago, last data sent \\d+\\.\\d s ago, "
                + "last ack received \\d+\\.\\d s ago, \\d+ unacked, \\d+ retransmits \\(backoff \\d+\\), \\d+ probes"),
                lines[3]);
        assertTrue(lines[4].startsWith("verdict: pid " + v.pid() + " (victim) is blocked on fd " + v.fd() + ", "
                + socket + ": thread " + v.pid() + " in recvfrom(" + v.fd() + "); last data received "), lines[4]);
        assertTrue(v.stillBlocked(200), "why kills nothing");
    }

    @Test
    void whyJsonHasEveryDocumentedField() throws Exception {
        Victim v = victim("tcp-recv", VethPair.SERVER4, "7000");
        link.cutServerLink();
        Thread.sleep(300);

        CliRun.Result r = CliRun.run("why", Integer.toString(v.pid()), "--json");

        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err());
        Map<?, ?> d = (Map<?, ?>) MiniJson.parse(r.out());
        assertEquals(List.of("pid", "comm", "thread_given", "arch", "threads", "fds", "verdict"),
                new ArrayList<>(d.keySet()));
        assertEquals((long) v.pid(), d.get("pid"));
        assertEquals("victim", d.get("comm"));
        assertNull(d.get("thread_given"));
        assertEquals(SyscallTable.host().orElseThrow().arch(), d.get("arch"));

        List<?> threads = (List<?>) d.get("threads");
        assertEquals(1, threads.size());
        Map<?, ?> t = (Map<?, ?>) threads.get(0);
        assertEquals(List.of("tid", "comm", "state", "syscall", "syscall_nr", "understood", "fds", "epoll_fd", "note"),
                new ArrayList<>(t.keySet()));
        assertEquals((long) v.pid(), t.get("tid"));
        assertEquals("victim", t.get("comm"));
        assertEquals("in-syscall", t.get("state"));
        assertEquals("recvfrom", t.get("syscall"));
        assertEquals(SyscallTable.host().orElseThrow().arch().equals("x86_64") ? 45L : 207L, t.get("syscall_nr"));
        assertEquals(Boolean.TRUE, t.get("understood"));
        assertEquals(List.of((long) v.fd()), t.get("fds"));
        assertNull(t.get("epoll_fd"));
        assertNull(t.get("note"));

        List<?> fds = (List<?>) d.get("fds");
        assertEquals(1, fds.size());
        Map<?, ?> f = (Map<?, ?>) fds.get(0);
        assertEquals(List.of("fd", "kind", "target", "waited_by", "watches", "candidate", "socket", "netns", "tcp_info",
                "note"), new ArrayList<>(f.keySet()));
        assertEquals((long) v.fd(), f.get("fd"));
        assertEquals("socket", f.get("kind"));
        assertEquals("socket:[" + v.inode() + "]", f.get("target"));
        assertEquals(List.of((long) v.pid()), f.get("waited_by"));
        assertEquals(List.of(), f.get("watches"));
        assertEquals(Boolean.TRUE, f.get("candidate"));
        assertEquals(netnsOf(v.pid()), f.get("netns"));
        assertNull(f.get("note"));
        Map<?, ?> s = (Map<?, ?>) f.get("socket");
        assertEquals("tcp", s.get("netid"));
        assertEquals("ESTAB", s.get("state"));
        assertEquals(VethPair.CLIENT4, s.get("local_address"));
        assertEquals(VethPair.SERVER4, s.get("peer_address"));
        assertEquals(7000L, s.get("peer_port"));
        assertEquals(v.inode(), s.get("inode"));
        assertTrue(s.get("cookie") instanceof Long, s::toString);
        assertEquals(List.of(Map.of("pid", (long) v.pid(), "fd", (long) v.fd(), "comm", "victim")), s.get("processes"));
        Map<?, ?> info = (Map<?, ?>) f.get("tcp_info");
        assertEquals(List.of("last_data_recv_ms", "last_data_sent_ms", "last_ack_recv_ms", "unacked", "retransmits",
                "backoff", "probes", "total_retrans", "rto_us"), new ArrayList<>(info.keySet()));
        assertTrue((Long) info.get("last_data_recv_ms") >= 300, info::toString);
        assertTrue((Long) info.get("last_ack_recv_ms") >= 300, info::toString);
        assertEquals(0L, info.get("unacked"));
        assertEquals(0L, info.get("retransmits"));
        assertEquals(0L, info.get("probes"));
        assertTrue((Long) info.get("rto_us") > 0, info::toString);

        Map<?, ?> verdict = (Map<?, ?>) d.get("verdict");
        assertEquals("one", verdict.get("outcome"));
        assertEquals(List.of((long) v.fd()), verdict.get("fds"));
        assertTrue(((String) verdict.get("message")).startsWith("pid " + v.pid() + " (victim) is blocked on fd "),
                verdict::toString);
    }

    @Test
    void aSenderThatRetransmitsShowsItsUnackedSegmentsAndRetransmissions() throws Exception {
        Victim v = victim("tcp-send", VethPair.SERVER4, "7000");
        link.cutServerLink();
        v.poke();
        v.line("SENT", 10);
        Thread.sleep(1500); // the first retransmission is due after about 200 ms, the next after 400 more

        Map<?, ?> d = (Map<?, ?>) MiniJson.parse(CliRun.run("why", Integer.toString(v.pid()), "--json").out());

        Map<?, ?> info = (Map<?, ?>) ((Map<?, ?>) ((List<?>) d.get("fds")).get(0)).get("tcp_info");
        assertTrue((Long) info.get("unacked") > 0, info::toString);
        assertTrue((Long) info.get("retransmits") > 0 && (Long) info.get("backoff") > 0, info::toString);
        assertTrue((Long) info.get("total_retrans") > 0, info::toString);
    }

    @Test
    void aFdThatHoldsAnotherSocketSinceTheDiagnosisIsNotKilled() throws Exception {
        Victim v = victim("tcp-recv", VethPair.SERVER4, "7000");
        SocketKiller killer = new SocketKiller(ProcFs.system(), new KillOptions(false, false));

        Problem p = assertThrows(Problem.class, () -> killer.killFd(v.pid(), v.fd(), v.inode() + 1));

        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertEquals("socket already gone: fd " + v.fd() + " of pid " + v.pid() + " no longer holds socket inode "
                + (v.inode() + 1) + " (it is now socket:[" + v.inode() + "]); nothing was killed", p.getMessage());
        assertTrue(v.stillBlocked(300));
        assertEquals(0, killer.killFd(v.pid(), v.fd(), v.inode()).outcome().ordinal());
        assertEquals("ECONNABORTED", v.result(10).get("name"));
    }

    @Test
    void withoutPtraceRightsOneLineSaysWhatIsNeeded() throws InterruptedException {
        Victim v = victim("tcp-recv", VethPair.SERVER4, "7000");
        for (String command : new String[] {"why", "pid"}) {
            Proc.Result r = Proc.run("capsh", "--drop=cap_sys_ptrace", "--", "-c",
                    "exec " + Host.LAUNCHER + " " + command + " " + v.pid());

            assertEquals(3, r.status(), r::toString);
            assertEquals("sockkill: permission denied: reading what pid " + v.pid() + " (victim) is blocked in needs "
                    + "CAP_SYS_PTRACE in this container over it (sockkill runs as root, but without CAP_SYS_PTRACE)\n",
                    r.err());
        }
        assertTrue(v.stillBlocked(200), "nothing was killed");
    }

    @Test
    void anotherUserWithoutRightsIsToldWhatIsNeeded() throws InterruptedException {
        Victim v = victim("tcp-recv", VethPair.SERVER4, "7000");

        Proc.Result r = Proc.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Host.LAUNCHER.toString(), "pid", Integer.toString(v.pid()));

        assertEquals(3, r.status(), r::toString);
        assertEquals("sockkill: permission denied: reading what pid " + v.pid() + " (victim) is blocked in needs "
                + "CAP_SYS_PTRACE over it (run as root); or run as its owner, uid 0 (who may probe its connections "
                + "and free those whose peer is dead)\n", r.err());
        assertTrue(v.stillBlocked(200), "nothing was killed");
    }

    @Test
    void aProcessThatHidepidHidesIsExitFiveWithAHint() {
        Victim v = victim("pipe-read");

        // a /proc of its own, mounted with hidepid=2 in a private mount namespace, as another user
        Proc.Result r = Proc.run("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t proc -o hidepid=2 proc /proc && exec setpriv --reuid=65534 --regid=65534 --clear-groups "
                        + Host.LAUNCHER + " why " + v.pid());

        assertEquals(5, r.status(), r::toString);
        assertEquals("sockkill: no process with pid " + v.pid() + " (or /proc, mounted with hidepid, hides it from this "
                + "user: run as its owner or as root)\n", r.err());
    }

    @Test
    void aProcessThatIsGoneIsExitFive() {
        Victim v = victim("pipe-read");
        int pid = v.pid();
        Proc.run("kill", "-9", Integer.toString(pid));
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc/" + pid)); i++) {
            Proc.run("sleep", "0.02");
        }

        CliRun.Result r = CliRun.run("why", Integer.toString(pid));

        assertEquals(5, r.status(), r::toString);
        assertTrue(r.err().startsWith("sockkill: "), r::toString);
    }

    private static long netnsOf(int pid) throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/" + pid + "/ns/net"), "unix:ino")).longValue();
    }

    private static void awaitWhy(Victim v, String call) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (CliRun.run("why", Integer.toString(v.pid())).out().contains(": " + call + "\n")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("victim " + v.pid() + " never showed " + call);
    }
}
