package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user (or a script gone wrong) can hand sockkill instead of what it expects, through the
 * launcher as a shell runs it: each is one line on stderr and a documented exit status, never a
 * hang, a stack trace or an "internal error".
 */
class BadInputIT {
    private static Netns ns;
    private static SockPop pop;

    @BeforeAll
    static void population() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        pop = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:2:127.0.0.1:7650"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    private static Proc.Result sh(String script) {
        return ns.exec("sh", "-c", script);
    }

    /** Exactly one line on stderr, "sockkill: ..." containing {@code text}, and no trace. */
    private static void assertOneLine(Proc.Result r, int status, String text) {
        assertEquals(status, r.status(), r::toString);
        String[] lines = r.err().split("\n");
        assertEquals(1, lines.length, r::toString);
        assertTrue(lines[0].startsWith("sockkill: ") && lines[0].contains(text), r::toString);
        assertTrue(r.err().endsWith("\n"), r::toString);
    }

    private static long clientInode() {
        return pop.sockets().stream().filter(s -> s.role().equals("client")).findFirst().orElseThrow().inode();
    }

    @Test
    void aHugeBatchLineIsRefusedOnItsOwnAndTheNextLinesStillRun(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("targets");
        try (OutputStream out = Files.newOutputStream(input)) {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) '7');
            out.write("inode ".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write(("\ninode " + clientInode() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        Proc.Result r = sh("exec " + Host.LAUNCHER + " - --dry-run < " + input);
        assertOneLine(r, 2, "line 1: longer than 4096 bytes; skipped");
        assertTrue(r.out().startsWith("line 2: would kill tcp ") && r.out().contains("inode " + clientInode()),
                r::toString);
    }

    @Test
    void aBatchWithStandardInputClosedIsRefused() {
        assertOneLine(sh("exec " + Host.LAUNCHER + " - <&-"), 2, "standard input is closed");
        assertOneLine(sh("exec " + Host.LAUNCHER + " batch --json 0<&-"), 2, "standard input is closed");
        // Started without the launcher, the JVM takes fd 0 for its own modules image: still refused.
        Path jar = Host.PROJECT.resolve("target/sockkill/lib/sockkill.jar");
        assertOneLine(sh("exec java -Xshare:off -cp " + jar + " sockkill.cli.Main - <&-"), 2,
                "standard input is closed");
        // Other commands do not read it and do not care.
        Proc.Result list = sh("exec " + Host.LAUNCHER + " list -t <&-");
        assertEquals(0, list.status(), list::toString);
    }

    @Test
    void aBatchReadingADirectoryIsRefused() {
        assertOneLine(sh("exec " + Host.LAUNCHER + " - < /tmp"), 2, "standard input is a directory");
    }

    @Test
    void tooFewFileDescriptorsIsOneLineAndExit71() {
        assertOneLine(sh("ulimit -n 16; exec " + Host.LAUNCHER + " list"), 71,
                "too few file descriptors (ulimit -n 16): sockkill needs at least 64");
        assertOneLine(sh("ulimit -n 20; exec " + Host.LAUNCHER + " inode 4294967295"), 71,
                "too few file descriptors (ulimit -n 20)");
        Proc.Result enough = sh("ulimit -n 64; exec " + Host.LAUNCHER + " list");
        assertEquals(0, enough.status(), enough::toString);
        Proc.Result raised = sh("ulimit -Sn 16; exec " + Host.LAUNCHER + " list");
        assertEquals(0, raised.status(), "a soft limit under a higher hard one is raised: " + raised);
    }

    @Test
    void netnsValuesThatNameNoNetworkNamespaceAreOneLineEach(@TempDir Path dir) throws IOException {
        Path fifo = dir.resolve("fifo");
        Proc.run("mkfifo", fifo.toString()).requireSuccess();
        Path plain = Files.writeString(dir.resolve("plain"), "not a namespace\n");
        String[][] cases = {
            {fifo.toString(), "2", "is a FIFO, not a network namespace"},
            {"/dev/tty", "2", "is a character device, not a network namespace"},
            {"''", "2", "--netns '' names nothing"},
            {dir.toString(), "2", "is a directory, not a network namespace"},
            {plain.toString(), "2", "is not a namespace file"},
            {"/proc/self/ns/mnt", "2", "is another kind of namespace, not a network namespace"},
            {dir.resolve("missing").toString(), "2", "no such file"},
            {"2147483647", "5", "no process with pid 2147483647"},
        };
        for (String[] c : cases) {
            for (String command : new String[] {"list -t", "match --all --dry-run", "inode 4294967295"}) {
                Proc.Result r = sh("exec " + Host.LAUNCHER + " " + command + " --netns " + c[0] + " </dev/null");
                assertOneLine(r, Integer.parseInt(c[1]), c[2]);
            }
        }
        Proc.Result ok = sh("exec " + Host.LAUNCHER + " list -t --netns /run/netns/" + ns.name());
        assertEquals(0, ok.status(), ok::toString);
    }

    @Test
    void aNetnsPathTheLocaleCannotWriteIsAUsageError() {
        Proc.Result r = ns.exec("env", "LC_ALL=C", "LANG=C", Host.LAUNCHER.toString(), "list", "--netns",
                "/run/netns/sk-it-\u00e9t\u00e9");
        assertOneLine(r, 2, "cannot be written in the character set of the current locale");
    }

    @Test
    void aNamespaceOnlyRootMayOpenIsAPermissionError() {
        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Host.LAUNCHER.toString(), "list", "-t", "--netns"));
        for (String netns : new String[] {Integer.toString(pop.pid()), "/proc/" + pop.pid() + "/ns/net"}) {
            List<String> cmd = new ArrayList<>(asNobody);
            cmd.add(netns);
            Proc.Result r = Proc.run(cmd);
            assertOneLine(r, 3, "permission denied");
        }
    }
}
