package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sockkill - < targets}: good and bad lines, each reported, one start-up for all. */
class BatchIT {
    private static Netns ns;
    private static SockPop pop;

    @BeforeAll
    static void population() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        pop = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:10:127.0.0.1:7900", "unix-pair:@sk-it-batch"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    private static SockPop.Sock client(int n) {
        return pop.sockets().stream().filter(s -> s.role().equals("client") && s.proto().equals("tcp")).skip(n)
                .findFirst().orElseThrow();
    }

    private static Proc.Result batch(Path dir, String input, String... options) {
        try {
            Path file = dir.resolve("targets");
            Files.writeString(file, input, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec " + Host.LAUNCHER + " - " + String.join(" ", options)
                    + " < " + file));
            return ns.exec(cmd.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void eachLineIsReportedAndTheFirstFailureSetsTheStatus(@TempDir Path dir) {
        SockPop.Sock a = client(0);
        SockPop.Sock b = client(1);
        SockPop.Sock unix = pop.sockets().stream().filter(s -> s.proto().equals("unix") && s.role().equals("client"))
                .findFirst().orElseThrow();
        String input = "# freed in one go\n"
                + "pid " + pop.pid() + " fd " + a.fd() + "\n"
                + "\n"
                + "inode " + b.inode() + "\n"
                + "inode " + b.inode() + "\n"
                + "pid " + pop.pid() + " fd " + unix.fd() + "\n"
                + "kill everything\n";
        Proc.Result r = batch(dir, input);
        assertEquals(1, r.status(), r::toString);
        String[] out = r.out().split("\n");
        assertEquals(2, out.length, r::toString);
        assertTrue(out[0].startsWith("line 2: killed tcp ") && out[0].contains("inode " + a.inode()), r::toString);
        assertTrue(out[1].startsWith("line 4: killed tcp ") && out[1].contains("inode " + b.inode()), r::toString);
        String[] err = r.err().split("\n");
        assertEquals(3, err.length, r::toString);
        // the socket line 4 killed is gone for line 5, which must not reach a newer socket with its inode
        assertTrue(err[0].startsWith("sockkill: line 5: socket already gone: inode " + b.inode()), r::toString);
        assertTrue(err[1].startsWith("sockkill: line 6: pid " + pop.pid() + " fd " + unix.fd() + " is a UNIX socket"),
                r::toString);
        assertTrue(err[2].startsWith("sockkill: line 7: expected 'inode N' or 'pid P fd F'"), r::toString);
    }

    @Test
    void jsonGivesOneObjectPerTargetWithItsLine(@TempDir Path dir) {
        SockPop.Sock c = client(2);
        Proc.Result r = batch(dir, "inode " + c.inode() + "\ninode 4294967295\n", "--json", "--dry-run");
        assertEquals(1, r.status(), r::toString);
        String[] out = r.out().split("\n");
        assertEquals(2, out.length, r::toString);
        Map<?, ?> first = (Map<?, ?>) MiniJson.parse(out[0]);
        assertEquals(Map.of("line", 1L, "inode", c.inode()), first.get("target"));
        assertEquals("found", first.get("outcome"));
        Map<?, ?> second = (Map<?, ?>) MiniJson.parse(out[1]);
        assertEquals("not-found", second.get("outcome"));
        assertEquals(2L, ((Map<?, ?>) second.get("target")).get("line"));
    }

    /**
     * Issue 13: "inode 0005" was echoed as the invalid JSON number 0005, and "line 99 inode 5" gave
     * a second "line" key. Every output line must parse, with numbers normalised and each key once.
     */
    @Test
    void jsonTargetsAreNormalisedNumbersWithEachKeyOnce(@TempDir Path dir) {
        SockPop.Sock c = client(3);
        String padded = String.format("%012d", c.inode());
        Proc.Result r = batch(dir, "inode " + padded + "\n"
                + "line 99 inode 5\n"
                + "pid 0" + pop.pid() + " fd 0" + c.fd() + "\n"
                + "inode 0005\n"
                + "say \"hi\"\\\u001b[31m\n", "--json", "--dry-run");
        String[] out = r.out().split("\n");
        assertEquals(5, out.length, r::toString);
        List<Map<?, ?>> targets = new ArrayList<>();
        for (String line : out) {
            Object parsed = MiniJson.parse(line);
            assertTrue(parsed instanceof Map, "not one JSON object: " + line);
            targets.add((Map<?, ?>) ((Map<?, ?>) parsed).get("target"));
        }
        assertEquals(Map.of("line", 1L, "inode", c.inode()), targets.get(0));
        assertTrue(out[0].contains("\"target\":{\"line\":1,\"inode\":" + c.inode() + "}"), out[0]);
        assertEquals(Map.of("line", 2L, "text", "line 99 inode 5"), targets.get(1));
        assertEquals(Map.of("line", 3L, "pid", (long) pop.pid(), "fd", (long) c.fd()), targets.get(2));
        assertTrue(out[3].contains("\"target\":{\"line\":4,\"inode\":5}"), out[3]);
        assertEquals(Map.of("line", 5L, "text", "say \"hi\"\\\u001b[31m"), targets.get(4));
    }
}
