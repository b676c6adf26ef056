package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a kill can fail, through the launcher as a user runs it: one clear line on stderr
 * (no stack trace), the documented exit code, and no socket harmed.
 */
class KillErrorsIT {
    private static Netns ns;
    private static SockPop unix;
    private static Victim tcp;

    @BeforeAll
    static void setUp() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        ns.own(Victim.start(ns.prefix(), "tcp-serve", "127.0.0.1", "7500"));
        tcp = ns.own(Victim.start(ns.prefix(), "tcp-recv", "127.0.0.1", "7500"));
        unix = ns.own(SockPop.start(ns.prefix(), "unix-pair:@sk-it-errors"));
    }

    @AfterAll
    static void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    private static Proc.Result sockkill(String... args) {
        return ns.exec(concat(Host.LAUNCHER.toString(), args));
    }

    private static String[] concat(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** Exit status and one line on stderr, without a trace of Java internals. */
    private static void assertFails(Proc.Result r, int status, String messagePart) {
        assertEquals(status, r.status(), r::toString);
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[0].startsWith("sockkill: "), r::toString);
        assertTrue(r.err().contains(messagePart), "expected '" + messagePart + "' in: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "a stack trace leaked: " + r.err());
        assertEquals(1, lines.length, "more than one line: " + r.err());
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertFails(sockkill("inode", "abc"), 2, "invalid inode 'abc'");
        assertFails(sockkill("inode", "0"), 2, "invalid inode '0'");
        assertFails(sockkill("inode", "99999999999"), 2, "at most 4294967295");
        assertFails(sockkill("pid", "x", "fd", "3"), 2, "invalid pid 'x'");
        assertFails(sockkill("pid", "1", "file", "3"), 2, "expected 'pid P fd F'");
        assertFails(sockkill("pid", "1", "fd", "3x"), 2, "invalid fd '3x'");
        assertFails(sockkill("pid", "1", "fd"), 2, "Missing required parameter");
        assertFails(sockkill("inode", "5", "--netns", "1", "--all-netns"), 2, "exclude each other");
        assertFails(sockkill("frobnicate"), 2, "frobnicate");
    }

    @Test
    void aMissingProcessOrFdIsExitFive() {
        assertFails(sockkill("pid", "999999", "fd", "3"), 5, "no process with pid 999999");
        assertFails(sockkill("pid", Integer.toString(tcp.pid()), "fd", "99"), 5, "pid " + tcp.pid() + " has no fd 99");
    }

    @Test
    void anFdThatIsNotASocketIsExitFive() {
        // fd 0 of the victim is a pipe from its parent
        Proc.Result r = sockkill("pid", Integer.toString(tcp.pid()), "fd", "0");
        assertFails(r, 5, "fd 0 of pid " + tcp.pid() + " is not a socket (it is pipe:[");
    }

    @Test
    void aUnixSocketCannotBeDestroyedAndSaysWhatToDo() {
        SockPop.Sock client = unix.sockets().stream().filter(s -> s.role().equals("client")).findFirst().orElseThrow();
        Proc.Result r = sockkill("pid", Integer.toString(unix.pid()), "fd", Integer.toString(client.fd()));
        assertFails(r, 4, "is a UNIX socket");
        assertTrue(r.err().contains("--fallback=shutdown"), r::toString);
        assertFails(sockkill("inode", Long.toString(client.inode())), 4, "the kernel cannot destroy UNIX sockets");
    }

    @Test
    void theShutdownFallbackWakesAUnixReaderWithEndOfFile() throws Exception {
        ns.own(SockPop.start(ns.prefix(), "unix-listen:@sk-it-fallback"));
        Victim reader = ns.own(Victim.start(ns.prefix(), "unix-recv", "@sk-it-fallback"));
        Proc.Result dry = sockkill("inode", Long.toString(reader.inode()), "--fallback=shutdown", "--dry-run");
        assertEquals(0, dry.status(), dry::toString);
        assertTrue(dry.out().startsWith("would shut down u_str "), dry::toString);
        assertTrue(reader.stillBlocked(200));

        Proc.Result r = sockkill("pid", Integer.toString(reader.pid()), "fd", Integer.toString(reader.fd()),
                "--fallback=shutdown");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("shut down u_str "), r::toString);
        assertTrue(r.out().contains("the process sees end-of-file rather than an abort"), r::toString);
        Map<String, String> result = reader.result(10);
        assertEquals("recv", result.get("op"));
        assertEquals("EOF", result.get("name"));
    }

    @Test
    void anInodeNobodyHasIsExitOne() {
        assertFails(sockkill("inode", "4294967295"), 1, "no socket with inode 4294967295");
    }

    @Test
    void withoutCapNetAdminTheKillIsRefusedAndTheSocketLives() throws Exception {
        Proc.Result r = ns.exec("capsh", "--drop=cap_net_admin", "--", "-c",
                "exec " + Host.LAUNCHER + " inode " + tcp.inode());
        assertFails(r, 3, "needs CAP_NET_ADMIN in this container to destroy sockets in ");
        assertTrue(r.err().contains("(sockkill runs as root, but without CAP_NET_ADMIN)"), r::toString);
        // pid P fd F probes instead (issue 14): the peer is alive, so the connection is left as it was
        Proc.Result probed = ns.exec("capsh", "--drop=cap_net_admin", "--", "-c",
                "exec " + Host.LAUNCHER + " pid " + tcp.pid() + " fd " + tcp.fd());
        assertEquals(8, probed.status(), probed::toString);
        assertTrue(tcp.stillBlocked(300), "the victim must not have been touched");
    }

    @Test
    void failuresAreJsonObjectsToo() {
        Proc.Result r = sockkill("pid", "999999", "fd", "3", "--json");
        assertEquals(5, r.status(), r::toString);
        Map<?, ?> o = (Map<?, ?>) MiniJson.parse(r.out());
        assertEquals("no-such-process", o.get("outcome"));
        assertEquals(Map.of("pid", 999999L, "fd", 3L), o.get("target"));
        assertEquals("no process with pid 999999", o.get("message"));
    }

    @Test
    void verboseAddsTheStackTrace() {
        Proc.Result r = sockkill("inode", "4294967295", "--verbose");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains("\tat sockkill."), r::toString);
    }
}
