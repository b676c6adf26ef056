package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sockkill watch} as a node runs it: the launcher in the background, searching every
 * namespace. A connection whose peer vanished behind a downed link is killed within two intervals
 * of being stuck, a quiet one beside it is left alone, the kill is a JSON line on stdout and a
 * line in a real rsyslogd's file; SIGHUP starts a round at once; SIGTERM ends it with exit 0 and
 * nothing half-written.
 */
class WatchIT {
    /** Our victims' own name: the watch searches every namespace, and must never touch another test's. */
    private static final String NAME = "skfl-watched";
    private static final int PORT = 7640;

    private static VethPair link;
    private static Rsyslog syslog;
    private static Path binary;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        Host.requireRootAndBuild();
        binary = dir.resolve(NAME);
        Files.copy(Host.VICTIM, binary, StandardCopyOption.COPY_ATTRIBUTES);
        dir.toFile().setExecutable(true, false);
        syslog = Rsyslog.start();
        link = VethPair.create();
        link.server().own(Victim.start(link.server().prefix(), "tcp-serve", VethPair.SERVER4, Integer.toString(PORT)));
    }

    @AfterAll
    static void tearDown() {
        if (link != null) {
            link.close();
        }
        if (syslog != null) {
            syslog.close();
        }
    }

    /** A running {@code bin/sockkill watch}: its stdout lines as they come, its stderr kept. */
    private static final class Watching implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final BlockingQueue<String> err = new LinkedBlockingQueue<>();

        Watching(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Host.LAUNCHER.toString(), "watch"));
            command.addAll(List.of(args));
            ProcessBuilder b = new ProcessBuilder(command);
            b.environment().put("SOCKKILL_SYSLOG_SOCKET", syslog.socket().toString());
            process = b.start();
            drain(process.getInputStream(), out);
            drain(process.getErrorStream(), err);
        }

        private static void drain(java.io.InputStream in, BlockingQueue<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** Waits for the line that says the watch has started (a hang guard, not a measure). */
        void started() throws InterruptedException {
            String line = err.poll(30, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("sockkill: watch: every "), "watch did not start: " + line
                    + " " + err);
        }

        /** Sends SIGTERM and returns the exit status. */
        int terminate() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "watch did not stop on SIGTERM");
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A client whose 4096 bytes go unacknowledged behind the cut link, and the moment it counts as stuck. */
    private static long makeStuck(Victim sender) throws IOException {
        link.cutServerLink();
        sender.poke();
        assertEquals("4096", sender.line("SENT", 5).get("bytes"));
        return System.nanoTime();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> killLine(Watching w, long inode) throws InterruptedException {
        String line = w.out.poll(20, TimeUnit.SECONDS);
        assertTrue(line != null, "no JSON line on stdout; stderr: " + w.err);
        Map<String, Object> o = (Map<String, Object>) MiniJson.parse(line);
        assertEquals("killed", o.get("outcome"), line);
        assertEquals(inode, ((Map<String, Object>) o.get("socket")).get("inode"), line);
        return o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void killsTheStuckConnectionWithinTwoIntervalsLeavesTheQuietOneLogsItAndStopsCleanly() throws Exception {
        int interval = 2;
        int stuckFor = 1;
        try (Victim sender = Victim.startBinary(link.client().prefix(), binary, "tcp-send", VethPair.SERVER4,
                Integer.toString(PORT));
                Victim quiet = Victim.startBinary(link.client().prefix(), binary, "tcp-recv", VethPair.SERVER4,
                        Integer.toString(PORT));
                Watching w = new Watching("--stuck", Integer.toString(stuckFor), "--comm", NAME, "--dport",
                        Integer.toString(PORT), "--interval", Integer.toString(interval))) {
            w.started();
            try {
                makeStuck(sender);
                // stuck after stuckFor seconds; killed by one of the next two rounds (plus slack
                // for a round's own work on a busy machine)
                Map<String, String> result = sender.result(stuckFor + 2 * interval + 5);
                assertEquals("ECONNABORTED", result.get("name"), result::toString);
                Map<String, Object> o = killLine(w, sender.inode());
                long clientNetns = ((Number) Files.getAttribute(Path.of("/run/netns", link.client().name()),
                        "unix:ino")).longValue();
                Map<String, Object> netns = (Map<String, Object>) ((Map<String, Object>) o.get("socket")).get("netns");
                assertEquals(clientNetns, netns.get("inode"), o::toString);
                assertEquals(link.client().name(), netns.get("name"), o::toString);
                assertTrue(o.get("time") instanceof String && (Long) o.get("round") >= 1, o::toString);
                assertTrue(quiet.stillBlocked(2 * interval * 1000 + 500), "a connection that only waits is not stuck");

                String logged = syslog.linesUntil(l -> l.contains(" inode=" + sender.inode() + " ")).stream()
                        .filter(l -> l.contains(" inode=" + sender.inode() + " ")).findFirst().orElseThrow();
                assertTrue(logged.startsWith("auth.notice sockkill[") && logged.contains(" outcome=killed ")
                        && logged.contains(" target=\"watch\"") && logged.contains(" given=\"watch --stuck ")
                        && logged.contains(" holders=\"" + NAME + "(pid=" + sender.pid() + ","), logged);
            } finally {
                link.server().exec("ip", "link", "set", "sks", "up");
            }
            assertEquals(0, w.terminate(), "SIGTERM ends the watch with exit 0: " + w.err);
            assertTrue(w.out.isEmpty(), "nothing else was killed: " + w.out);
            assertTrue(w.err.stream().noneMatch(l -> l.contains("failed")), w.err::toString);
        }
    }

    @Test
    void sighupStartsARoundAtOnce() throws Exception {
        try (Victim sender = Victim.startBinary(link.client().prefix(), binary, "tcp-send", VethPair.SERVER4,
                Integer.toString(PORT));
                Watching w = new Watching("--stuck", "3", "--comm", NAME, "--dport", Integer.toString(PORT),
                        "--interval", "3600")) {
            w.started();
            try {
                // The first round runs as the watch starts; it must be over before the connection has
                // been stuck for 3 s, or it (not the signal) would kill it: give it 2 s, then 3 more.
                Thread.sleep(2000);
                makeStuck(sender);
                Thread.sleep(3500);
                assertTrue(sender.stillBlocked(10), "no round before the signal: the first one found nothing stuck");
                Proc.run("kill", "-HUP", Long.toString(w.process.pid())).requireSuccess();
                assertEquals("ECONNABORTED", sender.result(20).get("name"), "the round SIGHUP started killed it");
                killLine(w, sender.inode());
            } finally {
                link.server().exec("ip", "link", "set", "sks", "up");
            }
            Proc.run("kill", "-INT", Long.toString(w.process.pid())).requireSuccess();
            assertTrue(w.process.waitFor(20, TimeUnit.SECONDS), "watch did not stop on SIGINT");
            assertEquals(0, w.process.exitValue(), w.err::toString);
        }
    }
}
