package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail, read back from a real rsyslogd of the test's own (its own socket, never the
 * machine's /dev/log): after each real kill one line per socket, facility auth, with who, the
 * target as given, the socket, its namespace, its holder and the outcome, a hostile process name
 * escaped; no line after a dry run or with --no-log / SOCKKILL_NO_LOG=1; and no syslog socket
 * means no log and no word about it.
 */
class AuditIT {
    /** A process name with a tab in it: the log must show it escaped, on the one line. */
    private static final String HOLDER = "sk\tfl-held";

    private static Netns ns;
    private static SockPop pop;
    private static Rsyslog syslog;
    private static int next;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        Host.requireRootAndBuild();
        Path binary = dir.resolve(HOLDER);
        Files.copy(Host.SOCKPOP, binary, StandardCopyOption.COPY_ATTRIBUTES);
        dir.toFile().setExecutable(true, false);
        ns = Netns.create("sk-fl-");
        pop = ns.own(SockPop.startBinary(ns.prefix(), binary.toString(), "tcp-pairs:12:127.0.0.1:7630"));
        syslog = Rsyslog.start();
    }

    @AfterAll
    static void tearDown() {
        if (syslog != null) {
            syslog.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    /** The next client socket of the population, one per kill. */
    private static SockPop.Sock nextClient() {
        List<SockPop.Sock> clients = pop.sockets().stream().filter(s -> s.role().equals("client")).toList();
        return clients.get(next++);
    }

    /** bin/sockkill, as a root script runs it, sending its audit lines to the test's rsyslogd. */
    private static Proc.Result sockkill(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Host.LAUNCHER.toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(Map.of("SOCKKILL_SYSLOG_SOCKET", syslog.socket().toString()));
        all.putAll(env);
        return Proc.run(all, command);
    }

    private static String lineOf(long inode) {
        return syslog.linesUntil(l -> l.contains(" inode=" + inode + " ")).stream()
                .filter(l -> l.contains(" inode=" + inode + " ")).findFirst().orElseThrow();
    }

    @Test
    void aKillIsOneAuthLineWithWhoWhatWhereAndTheOutcome() throws Exception {
        SockPop.Sock victim = nextClient();
        Proc.Result r = sockkill(Map.of("SUDO_USER", "alice-sk"), "pid", Integer.toString(pop.pid()), "fd",
                Integer.toString(victim.fd()));
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), r::toString);

        String line = lineOf(victim.inode());
        long netns = ((Number) Files.getAttribute(Path.of("/run/netns", ns.name()), "unix:ino")).longValue();
        assertTrue(Pattern.matches("auth\\.notice sockkill\\[\\d+\\]: kill outcome=killed uid=0 user=\"root\" "
                + "sudo_user=\"alice-sk\" loginuid=\\S+ given=\"pid " + pop.pid() + " fd " + victim.fd() + "\" "
                + "target=\"pid " + pop.pid() + " fd " + victim.fd() + "\" "
                + "socket=\"tcp " + Pattern.quote(victim.local()) + " <-> 127\\.0\\.0\\.1:7630 ESTAB inode "
                + victim.inode() + "\" inode=" + victim.inode() + " cookie=0x[0-9a-f]+ netns=" + netns
                + " holders=\"sk\\\\tfl-held\\(pid=" + pop.pid() + ",fd=" + victim.fd() + "\\)\"", line), line);
        assertFalse(syslog.lines().stream().anyMatch(l -> l.startsWith("fl-held")), "the tab did not split the line");
    }

    @Test
    void dryRunsAndNoLogLeaveNoLineWhileTheNextKillDoes() {
        SockPop.Sock dry = nextClient();
        SockPop.Sock quiet = nextClient();
        SockPop.Sock quietByEnv = nextClient();
        SockPop.Sock logged = nextClient();
        assertEquals(0, sockkill(Map.of(), "inode", Long.toString(dry.inode()), "--netns", ns.name(), "--dry-run")
                .status());
        Proc.Result noLog = sockkill(Map.of(), "inode", Long.toString(quiet.inode()), "--netns", ns.name(), "--no-log");
        assertEquals(0, noLog.status(), noLog::toString);
        assertTrue(noLog.out().startsWith("killed "), noLog::toString);
        Proc.Result byEnv = sockkill(Map.of("SOCKKILL_NO_LOG", "1"), "inode", Long.toString(quietByEnv.inode()),
                "--netns", ns.name());
        assertEquals(0, byEnv.status(), byEnv::toString);
        Proc.Result real = sockkill(Map.of(), "inode", Long.toString(logged.inode()), "--netns", ns.name());
        assertEquals(0, real.status(), real::toString);

        // lines arrive in the order they were sent: by the time the last kill's line is there, any
        // line of the three before it would be too
        List<String> lines = syslog.linesUntil(l -> l.contains(" inode=" + logged.inode() + " "));
        for (SockPop.Sock s : List.of(dry, quiet, quietByEnv)) {
            assertTrue(lines.stream().noneMatch(l -> l.contains(" inode=" + s.inode() + " ")), lines::toString);
        }
        String line = lineOf(logged.inode());
        assertTrue(line.contains(" given=\"inode " + logged.inode() + " --netns " + ns.name() + "\" target=\"inode "
                + logged.inode() + "\"") && line.contains(" netns_name=\"" + ns.name() + "\""), line);
    }

    @Test
    void matchAndBatchLogEverySocketTheyKill() {
        SockPop.Sock first = nextClient();
        SockPop.Sock second = nextClient();
        Proc.Result batch = Proc.run(Map.of("SOCKKILL_SYSLOG_SOCKET", syslog.socket().toString()),
                List.of("sh", "-c", "printf 'inode %s\\n' \"$1\" | \"$2\" - --netns \"$3\"", "sh",
                        Long.toString(first.inode()), Host.LAUNCHER.toString(), ns.name()));
        assertEquals(0, batch.status(), batch::toString);
        assertTrue(lineOf(first.inode()).contains(" given=\"line 1: inode " + first.inode() + "\""),
                lineOf(first.inode()));

        // its own process name and ports: never another test's socket, whichever namespace it is in
        Proc.Result match = sockkill(Map.of(), "match", "--all-netns", "--comm", HOLDER, "--dport", "7630", "--sport",
                second.local().split(":")[1]);
        assertTrue(match.status() == 0, match::toString);
        String line = lineOf(second.inode());
        assertTrue(line.startsWith("auth.notice sockkill[") && line.contains(" outcome=killed ")
                && line.contains(" target=\"match\"") && line.contains(" given=\"match --all-netns --comm sk\\tfl-held ")
                && line.contains(" netns_name=\"" + ns.name() + "\""), line);
    }

    @Test
    void pidAloneIsLoggedAsGivenWithTheFdItFound() throws Exception {
        try (Victim server = Victim.start(ns.prefix(), "tcp-serve", "127.0.0.1", "7631");
                Victim hung = Victim.start(ns.prefix(), "tcp-recv", "127.0.0.1", "7631")) {
            Proc.Result r = sockkill(Map.of(), "pid", Integer.toString(hung.pid()));
            assertEquals(0, r.status(), r::toString);
            assertEquals("ECONNABORTED", hung.result(10).get("name"));
            String line = lineOf(hung.inode());
            assertTrue(line.contains(" outcome=killed ") && line.contains(" given=\"pid " + hung.pid() + "\" target=\"pid "
                    + hung.pid() + " fd " + hung.fd() + "\" ") && line.contains(" holders=\"victim(pid=" + hung.pid()
                    + ",fd=" + hung.fd() + ")\""), line);
        }
    }

    @Test
    void withoutASyslogSocketTheKillIsDoneAndNothingIsSaid(@TempDir Path dir) {
        SockPop.Sock s = nextClient();
        Proc.Result r = sockkill(Map.of("SOCKKILL_SYSLOG_SOCKET", dir.resolve("no-daemon-here").toString()),
                "pid", Integer.toString(pop.pid()), "fd", Integer.toString(s.fd()));
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertTrue(r.out().startsWith("killed tcp "), r::toString);
    }
}
