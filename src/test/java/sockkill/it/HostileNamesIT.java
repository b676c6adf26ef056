package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names a hostile local user chooses, shown to an admin: a process whose name (prctl PR_SET_NAME)
 * holds an escape sequence and a line feed that forges an owner, UNIX sockets whose names hold
 * escape sequences, a line feed and a whole forged table row, and one whose name forges a record
 * of /proc/net/unix. Through the launcher, as an admin runs it: human output carries no raw control
 * character and no forged line, JSON parses and carries the exact names, and /proc discovery shows
 * no socket that does not exist.
 */
class HostileNamesIT {
    /** 14 bytes (comm holds 15): colours the terminal red, then a line feed and a forged owner. */
    private static final String COMM = "\u001b[31mA\nx(pid=1";
    private static final String TAG = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    /** Clears the screen, retitles the terminal, then forges a row of the table. */
    private static final String PATH = "@sk-it-" + TAG + "\u001b[2J\u001b]0;owned\u0007\nu_str ESTAB 0 0 /run/x 1 * 0";
    private static final String PATH2 = "@sk-it-" + TAG + "-2\r\u001b[1A\u009b";
    /** An inode no socket has: the forged record of /proc/net/unix claims it. */
    private static final long FORGED_INODE = 3999999999L;
    private static final String SPOOF = "@sk-it-" + TAG + "-s\n0000000000000000: 00000002 00000000 00010000 0001 01 "
            + FORGED_INODE + " /run/fake.sock";

    private static Netns ns;
    private static SockPop pop;

    @BeforeAll
    static void population() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        List<String> prefix = new ArrayList<>(ns.prefix());
        pop = ns.own(SockPop.startBinary(prefix, Host.SOCKPOP.toString(), "--comm", COMM, "unix-pair:" + PATH,
                "unix-pair:" + PATH2, "unix-listen:" + SPOOF, "tcp-pairs:2:127.0.0.1:7660"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    private static Proc.Result sockkill(String... args) {
        List<String> cmd = new ArrayList<>(ns.prefix());
        cmd.add(Host.LAUNCHER.toString());
        cmd.addAll(List.of(args));
        return Proc.run(cmd);
    }

    /** No C0 control but the line feeds that end lines, no DEL, no C1 control. */
    private static void assertNoRawControls(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0;
            assertFalse(control, what + " carries raw U+" + Integer.toHexString(c) + " at " + i + ":\n" + text);
        }
    }

    private static SockPop.Sock unix(String role, int n) {
        return pop.sockets().stream().filter(s -> s.proto().equals("unix") && s.role().equals(role)).skip(n)
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> byInode(List<Map<String, Object>> listed, long inode) {
        return listed.stream().filter(o -> o.get("inode").equals(inode)).findFirst().orElse(null);
    }

    @Test
    void theCommandNameIsRealAndTheJsonCarriesItExactly() {
        assertTrue(new String(readComm(), java.nio.charset.StandardCharsets.UTF_8).startsWith(COMM),
                "prctl took the name");
        List<Map<String, Object>> listed = MiniJson.parseArrayOfObjects(
                sockkill("list", "--json", "--pid", Integer.toString(pop.pid())).requireSuccess().out());
        assertEquals(pop.sockets().size(), listed.size());
        Map<String, Object> server = byInode(listed, unix("server", 0).inode());
        assertNotNull(server);
        assertEquals(PATH, server.get("local_address"));
        assertEquals(COMM, ((Map<?, ?>) ((List<?>) server.get("processes")).get(0)).get("comm"));
        assertEquals(PATH2, byInode(listed, unix("server", 1).inode()).get("local_address"));
    }

    private static byte[] readComm() {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Integer.toString(pop.pid()), "comm"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theTableEscapesNamesAndHasOneLinePerSocket() {
        Proc.Result r = sockkill("list", "--pid", Integer.toString(pop.pid())).requireSuccess();
        assertNoRawControls(r.out(), "list");
        String[] lines = r.out().split("\n");
        assertEquals(1 + pop.sockets().size(), lines.length, "one header and one row per socket:\n" + r.out());
        String escapedPath = "@sk-it-" + TAG + "\\e[2J\\e]0;owned\\x07\\nu_str ESTAB 0 0 /run/x 1 * 0";
        String escapedComm = "\\e[31mA\\nx(pid=1";
        long server = unix("server", 0).inode();
        // the server's own row: its local column is the path and its own inode (the client's row also
        // carries the server's inode, as its peer)
        String row = java.util.Arrays.stream(lines).filter(l -> l.startsWith("u_str")
                && l.contains(escapedPath + " " + server + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + server + ":\n" + r.out()));
        assertTrue(row.contains(escapedPath), row);
        assertTrue(row.endsWith(escapedComm + "(pid=" + pop.pid() + ",fd=" + unix("server", 0).fd() + ")"), row);
        assertTrue(r.out().contains("@sk-it-" + TAG + "-2\\r\\e[1A\\x9b"), r.out());
        assertTrue(r.out().contains("-s\\n0000000000000000:"), "the spoofing name, escaped:\n" + r.out());
    }

    @Test
    void killLinesAndErrorsAreEscapedAndJsonIsExact() {
        SockPop.Sock server = unix("server", 0);
        String pidText = Integer.toString(pop.pid());
        Proc.Result refused = sockkill("pid", pidText, "fd", Integer.toString(server.fd()));
        assertEquals(4, refused.status(), refused::toString);
        assertNoRawControls(refused.err(), "the refusal");
        assertEquals(1, refused.err().split("\n").length, refused::toString);

        Proc.Result dry = sockkill("pid", pidText, "fd", Integer.toString(unix("listen", 0).fd()), "--dry-run",
                "--fallback=shutdown", "--json");
        assertEquals(0, dry.status(), dry::toString);
        Map<?, ?> o = (Map<?, ?>) MiniJson.parse(dry.out());
        Map<?, ?> socket = (Map<?, ?>) o.get("socket");
        assertEquals(PATH, socket.get("local_address"));
        assertEquals(COMM, ((Map<?, ?>) ((List<?>) socket.get("processes")).get(0)).get("comm"));

        Proc.Result shut = sockkill("pid", pidText, "fd", Integer.toString(server.fd()), "--fallback=shutdown");
        assertEquals(0, shut.status(), shut::toString);
        assertNoRawControls(shut.out() + shut.err(), "the kill line");
        assertEquals(1, shut.out().split("\n").length, shut::toString);
        assertTrue(shut.out().startsWith("shut down u_str @sk-it-" + TAG + "\\e[2J"), shut::toString);
        assertTrue(shut.out().contains("(\\e[31mA\\nx(pid=1 pid " + pidText + " fd " + server.fd() + ")"),
                shut::toString);
    }

    @Test
    void batchAndMatchLinesAreEscapedToo() {
        SockPop.Sock server2 = unix("server", 1);
        Proc.Result batch = ns.exec("sh", "-c", "echo 'pid " + pop.pid() + " fd " + server2.fd() + "' | exec "
                + Host.LAUNCHER + " - --fallback=shutdown");
        assertEquals(0, batch.status(), batch::toString);
        assertNoRawControls(batch.out() + batch.err(), "the batch line");
        assertEquals(1, batch.out().split("\n").length, batch::toString);
        assertTrue(batch.out().startsWith("line 1: shut down u_str @sk-it-" + TAG + "-2\\r\\e[1A\\x9b"),
                batch::toString);

        Proc.Result match = sockkill("match", "--comm", COMM, "--dry-run");
        assertEquals(0, match.status(), match::toString);
        assertNoRawControls(match.out() + match.err(), "match");
        String[] lines = match.out().split("\n");
        assertEquals(4 + 1, lines.length, "two pairs of TCP sockets and the summary: " + match);
        for (int i = 0; i < 4; i++) {
            assertTrue(lines[i].startsWith("would kill tcp ") && lines[i].contains("(\\e[31mA\\nx(pid=1 pid "),
                    lines[i]);
        }
    }

    @Test
    void procDiscoveryShowsNoForgedSocketAndTheNameWhole() {
        long spoofer = pop.sockets().stream().filter(s -> s.proto().equals("unix") && s.role().equals("listen")
                && s.local().contains("-s?0000")).findFirst().orElseThrow().inode();
        for (String owners : new String[] {"--no-owners", "--verbose"}) {
            Proc.Result r = sockkill("list", "-x", "--json", "--discovery=proc", owners);
            assertEquals(0, r.status(), r::toString);
            List<Map<String, Object>> listed = MiniJson.parseArrayOfObjects(r.out());
            assertEquals(null, byInode(listed, FORGED_INODE), "a socket that does not exist: " + r.out());
            assertEquals(SPOOF, byInode(listed, spoofer).get("local_address"),
                    "the spoofing socket keeps its whole name");
            assertTrue(r.err().contains("could be a socket or part of the name before it"), r::toString);
        }
        Proc.Result table = sockkill("list", "-x", "--discovery=proc", "--no-owners");
        assertNoRawControls(table.out(), "the /proc table");
        int sockets = MiniJson.parseArrayOfObjects(sockkill("list", "-x", "--discovery=proc", "--no-owners", "--json")
                .out()).size();
        assertEquals(1 + sockets, table.out().split("\n").length, "one row per real socket:\n" + table.out());
        Proc.Result netlink = sockkill("list", "-x", "--json");
        assertEquals(SPOOF, byInode(MiniJson.parseArrayOfObjects(netlink.out()), spoofer).get("local_address"),
                "sock_diag gives the same name");
    }
}
