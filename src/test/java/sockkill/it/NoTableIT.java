package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live sockets the kernel's destroy cannot reach, on the real kernel: a TCP socket bound but
 * neither listening nor connected (dumped, but in no table a destroy looks in), and fresh TCP and
 * UDP sockets never bound (in no table at all). Each is alive, so never "already gone": exit 4 with
 * the reason, a dry run alike, and the shutdown fallback wakes a reader blocked on one.
 */
class NoTableIT {
    private Netns ns;
    private SockPop pop;

    @BeforeEach
    void sockets() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        pop = ns.own(SockPop.start(ns.prefix(), "tcp-bound:127.0.0.1:7980", "tcp-unbound:4", "udp-unbound:6"));
    }

    @AfterEach
    void cleanUp() {
        ns.close();
    }

    private SockPop.Sock sock(String proto, String role) {
        return pop.sockets().stream().filter(s -> s.proto().equals(proto) && s.role().equals(role)).findFirst()
                .orElseThrow();
    }

    private CliRun.Result kill(SockPop.Sock s, String... options) {
        String[] args = new String[4 + options.length];
        args[0] = "pid";
        args[1] = Integer.toString(pop.pid());
        args[2] = "fd";
        args[3] = Integer.toString(s.fd());
        System.arraycopy(options, 0, args, 4, options.length);
        return CliRun.run(args);
    }

    private static void cannot(CliRun.Result r, String why) {
        assertEquals(4, r.status(), r::toString);
        assertTrue(r.err().startsWith("sockkill: cannot kill "), r::toString);
        assertTrue(r.err().contains(why), r::toString);
        assertTrue(r.err().contains("--fallback=shutdown"), r::toString);
        assertFalse(r.err().contains("gone"), r::toString);
    }

    @Test
    void aTcpSocketBoundButNotListeningIsBeyondTheKernelsDestroy() {
        SockPop.Sock bound = sock("tcp", "bound");
        String why = "bound to port 7980 but neither listening nor connected";

        cannot(kill(bound, "--dry-run"), why);
        cannot(kill(bound), why);
        cannot(CliRun.run("inode", Long.toString(bound.inode()), "--netns", Integer.toString(pop.pid())), why);

        CliRun.Result match = CliRun.run("match", "--netns", Integer.toString(pop.pid()), "--state", "all", "--sport",
                "7980");
        assertEquals(4, match.status(), match::toString);
        assertTrue(match.out().startsWith("failed tcp 127.0.0.1:7980") && match.out().contains(why), match::toString);
        assertTrue(match.out().endsWith("killed 0, already gone 0, failed 1\n"), match::toString);

        CliRun.Result shut = kill(bound, "--fallback=shutdown");
        assertEquals(0, shut.status(), shut::toString);
        assertTrue(shut.out().startsWith("shut down tcp 127.0.0.1:7980"), shut::toString);
    }

    @Test
    void socketsNeverBoundAreInNoTableAndSaidToBe() {
        for (SockPop.Sock s : new SockPop.Sock[] {sock("tcp", "unbound"), sock("udp", "unbound")}) {
            String why = "neither bound nor connected, so it is in none of the kernel's socket tables";
            cannot(kill(s, "--dry-run"), why);
            cannot(kill(s), why);
            // by inode, too: the dumps cannot find it, its holder's fd can
            cannot(CliRun.run("inode", Long.toString(s.inode()), "--netns", Integer.toString(pop.pid())), why);
            cannot(CliRun.run("inode", Long.toString(s.inode()), "--all-netns"), why);
        }
    }

    @Test
    void aReaderBlockedOnAUdpSocketNeverBoundWakesWhenShutDown() throws Exception {
        Victim reader = ns.own(Victim.start(ns.prefix(), "udp-unbound", "4"));
        String[] pidFd = {"pid", Integer.toString(reader.pid()), "fd", Integer.toString(reader.fd())};

        CliRun.Result plain = CliRun.run(pidFd);
        assertEquals(4, plain.status(), plain::toString);
        CliRun.Result dry = CliRun.run(pidFd[0], pidFd[1], pidFd[2], pidFd[3], "--fallback=shutdown", "--dry-run");
        assertEquals(0, dry.status(), dry::toString);
        assertTrue(reader.stillBlocked(200));

        CliRun.Result r = CliRun.run(pidFd[0], pidFd[1], pidFd[2], pidFd[3], "--fallback=shutdown");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("it was not connected; a process blocked reading it sees end-of-file"), r::toString);
        Map<String, String> seen = reader.result(10);
        assertEquals("recv", seen.get("op"));
        assertEquals("EOF", seen.get("name"));
    }
}
