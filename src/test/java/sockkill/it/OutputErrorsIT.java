package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher writing to an output that fails. A full device (/dev/full) is a write error: one line
 * on stderr and exit 74, for every command and for picocli's own --help and --version, never a
 * silent 141 or a 0. A reader that went away (EPIPE) is a quiet 141, as SIGPIPE would make it for a
 * C tool. A kill whose report cannot be written still happened, and the user is told the report is lost.
 */
class OutputErrorsIT {
    private static final String WRITE_ERROR = "sockkill: write error: No space left on device\n";

    private static Netns ns;
    private static SockPop pop;

    @BeforeAll
    static void population() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        pop = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:1500:127.0.0.1:7600", "tcp-pairs:5:127.0.0.1:7601"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    /** The launcher in the test namespace with stdout on /dev/full. */
    private static Proc.Result toDevFull(String args) {
        return ns.exec("sh", "-c", "exec " + Host.LAUNCHER + " " + args + " > /dev/full");
    }

    private static void assertWriteError(String args) {
        Proc.Result r = toDevFull(args);
        assertEquals(74, r.status(), r::toString);
        assertEquals(WRITE_ERROR, r.err(), r::toString);
    }

    private static SockPop.Sock client(int port, int n) {
        return pop.sockets().stream().filter(s -> s.role().equals("client") && s.peerPort() == port).skip(n)
                .findFirst().orElseThrow();
    }

    @Test
    void everyCommandThatWritesToAFullDeviceSaysWriteErrorAndExits74() {
        SockPop.Sock c = client(7600, 0);
        for (String args : new String[] {"list", "list --json", "list -t --no-owners", "--version", "--help", "",
            "list --help", "inode --help", "pid --help", "match --help", "batch --help", "- --help", "--verbose --help",
            "inode " + c.inode() + " --dry-run", "inode " + c.inode() + " --dry-run --json",
            "inode 4294967295 --json", "pid " + pop.pid() + " fd " + c.fd() + " --dry-run",
            "pid " + pop.pid() + " fd " + c.fd() + " --dry-run --json",
            "match --dport 7600 --dry-run", "match --dport 7600 --dry-run --json", "match --dport 7600 --dry-run -q",
            "match --dport 1 --json"}) {
            if (args.isEmpty()) {
                continue;
            }
            assertWriteError(args);
        }
    }

    @Test
    void aFailureThatWritesNothingToStdoutKeepsItsOwnStatus() {
        Proc.Result r = toDevFull("inode 4294967295");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("sockkill: no socket with inode 4294967295"), r::toString);
        Proc.Result usage = toDevFull("bogus");
        assertEquals(2, usage.status(), usage::toString);
    }

    @Test
    void aKillWhoseReportIsLostStillHappenedAndTheLossIsSaid() {
        SockPop.Sock a = client(7601, 0);
        SockPop.Sock b = client(7601, 1);
        Proc.Result r = toDevFull("match --json --dport 7601 --src 127.0.0.1 --sport " + b.localPort());
        assertEquals(74, r.status(), r::toString);
        assertEquals(WRITE_ERROR, r.err(), r::toString);
        assertTrue(gone(b.inode()), "the kill was done before the report failed");
        Proc.Result single = toDevFull("pid " + pop.pid() + " fd " + a.fd());
        assertEquals(74, single.status(), single::toString);
        assertEquals(WRITE_ERROR, single.err(), single::toString);
        assertTrue(gone(a.inode()));
    }

    @Test
    void aBatchStopsAtTheFirstReportItCannotWrite() {
        SockPop.Sock c = client(7601, 2);
        SockPop.Sock d = client(7601, 3);
        Proc.Result r = ns.exec("sh", "-c", "printf 'inode " + c.inode() + "\\ninode " + d.inode() + "\\n' | exec "
                + Host.LAUNCHER + " - > /dev/full");
        assertEquals(74, r.status(), r::toString);
        assertEquals(WRITE_ERROR, r.err(), r::toString);
        assertTrue(gone(c.inode()));
        assertTrue(!gone(d.inode()), "nothing more is killed once its report cannot be written");
    }

    private static boolean gone(long inode) {
        CliRun.Result r = CliRun.run("list", "--json", "--no-owners", "-t", "--netns", Integer.toString(pop.pid()),
                "--inode", Long.toString(inode));
        assertEquals(0, r.status(), r::toString);
        return MiniJson.parseArrayOfObjects(r.out()).isEmpty();
    }

    @Test
    void aReaderThatWentAwayIsAQuiet141() throws Exception {
        for (String args : new String[] {"list", "list --json", "--help", "--version"}) {
            List<String> cmd = new ArrayList<>(ns.prefix());
            cmd.add(Host.LAUNCHER.toString());
            cmd.addAll(List.of(args.split(" ")));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            p.getInputStream().close(); // the reader goes before sockkill has written anything
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = drain(p.getErrorStream(), err);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sockkill " + args + " did not end");
            drain.join();
            assertEquals(141, p.exitValue(), "sockkill " + args + ": " + err);
            assertEquals("", err.toString(StandardCharsets.UTF_8), "sockkill " + args);
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        t.start();
        return t;
    }
}
