package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ways of naming the socket to kill that went wrong: a thread id where a pid belongs (strace -f
 * prints those), a second run of the same 'pid P fd F' after the process reconnected on the same
 * fd (the --inode guard), and batches: the same inode twice, and many inodes that are gone.
 */
class KillTargetsIT {
    private Netns ns;

    @BeforeEach
    void server() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        ns.own(Victim.start(ns.prefix(), "tcp-serve", "127.0.0.1", "7985"));
    }

    @AfterEach
    void cleanUp() {
        ns.close();
    }

    private Victim client(String... options) {
        String[] args = new String[options.length + 3];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "tcp-recv";
        args[options.length + 1] = "127.0.0.1";
        args[options.length + 2] = "7985";
        return ns.own(Victim.start(ns.prefix(), args));
    }

    private static void aborted(Victim v) {
        Map<String, String> seen = v.result(10);
        assertEquals("ECONNABORTED", seen.get("name"), seen::toString);
    }

    @Test
    void aThreadIdStandsForItsProcess() {
        Victim v = client("--thread");
        assertTrue(v.tid() != v.pid(), "the blocking thread is not the process's leader");
        String[] target = {"pid", Integer.toString(v.tid()), "fd", Integer.toString(v.fd())};

        CliRun.Result dry = CliRun.run(target[0], target[1], target[2], target[3], "--dry-run");
        CliRun.Result r = CliRun.run(target);

        assertEquals(0, dry.status(), dry::toString);
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("killed tcp " + v.local() + " <-> 127.0.0.1:7985 ESTAB inode " + v.inode()
                + " (victim pid " + v.pid() + " fd " + v.fd() + ")"), r::toString);
        aborted(v);
    }

    @Test
    void theInodeGuardRefusesAnFdThatHoldsAnotherSocketNow() throws Exception {
        Victim v = client();
        String[] target = {"pid", Integer.toString(v.pid()), "fd", Integer.toString(v.fd())};

        CliRun.Result stale = CliRun.run(target[0], target[1], target[2], target[3], "--inode",
                Long.toString(v.inode() + 1));
        assertEquals(1, stale.status(), stale::toString);
        assertTrue(stale.err().contains("no longer holds socket inode " + (v.inode() + 1) + " (it is now socket:["
                + v.inode() + "])"), stale::toString);
        assertTrue(stale.err().contains("nothing was killed"), stale::toString);
        assertTrue(v.stillBlocked(200));

        CliRun.Result r = CliRun.run(target[0], target[1], target[2], target[3], "--inode", Long.toString(v.inode()));
        assertEquals(0, r.status(), r::toString);
        aborted(v);
    }

    private Proc.Result batch(Path dir, String input) throws IOException {
        Path file = dir.resolve("targets");
        Files.writeString(file, input, StandardCharsets.UTF_8);
        return ns.exec("sh", "-c", "exec " + Host.LAUNCHER + " - < " + file);
    }

    @Test
    void aBatchNamingAnInodeTwiceKillsItOnceAndTheSecondLineSaysItIsGone(@TempDir Path dir) throws Exception {
        Victim v = client();

        Proc.Result r = batch(dir, "inode " + v.inode() + "\ninode " + v.inode() + "\n");

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.out().startsWith("line 1: killed tcp " + v.local()), r::toString);
        assertEquals("sockkill: line 2: socket already gone: inode " + v.inode() + " was killed by an earlier line of "
                + "this batch (a newer socket with the same number is left alone)\n", r.err());
        aborted(v);
    }

    @Test
    void twentyThousandInodesThatAreGoneDoNotHideTheOneThatIsNot(@TempDir Path dir) throws Exception {
        Victim v = client();
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            input.append("inode ").append(4_000_000_000L + i).append('\n');
            if (i == 10_000) {
                input.append("inode ").append(v.inode()).append('\n');
            }
        }

        // Proc.run's two minutes are a hang guard: one dump per namespace answers every line
        Proc.Result r = batch(dir, input.toString());

        assertEquals(1, r.status(), "the first miss sets the status");
        assertEquals("line 10002: killed tcp " + v.local() + " <-> 127.0.0.1:7985 ESTAB inode " + v.inode() + "\n",
                r.out());
        assertEquals(20_000, r.err().lines().filter(l -> l.contains(": no socket with inode 4")).count());
        assertFalse(r.err().contains("Exception"), "no trace");
        aborted(v);
    }
}
