package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * The systemd unit and the Kubernetes DaemonSet start a watch that sockkill's own parser accepts,
 * with what the README says they have: the image 'make image' builds, the host's pids, the three
 * capabilities and no other.
 */
class PackagingManifestsTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    /** The watch command those arguments make, parsed (not run) by the command line sockkill runs. */
    private static WatchCommand parse(List<String> args) {
        String[] all = args.toArray(String[]::new);
        CommandLine cli = Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), all);
        CommandLine.ParseResult parsed = cli.parseArgs(all);
        WatchCommand watch = (WatchCommand) parsed.subcommand().commandSpec().userObject();
        watch.match.criteria("watch");
        return watch;
    }

    private static String version() throws IOException {
        Matcher m = Pattern.compile("\n  <version>([^<]+)</version>").matcher(Files.readString(PROJECT.resolve("pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void theDaemonSetRunsTheLocalImageWithHostPidAndTheThreeCapabilities() throws IOException {
        String yaml = Files.readString(PROJECT.resolve("packaging/kubernetes/daemonset.yaml"));
        assertTrue(yaml.contains("\n          image: sockkill:" + version() + "\n"), "the image make image builds");
        assertTrue(yaml.contains("\n      hostPID: true\n"));
        assertTrue(yaml.contains("\n              drop: [\"ALL\"]\n"));
        assertTrue(yaml.contains("\n              add: [\"SYS_ADMIN\", \"SYS_PTRACE\", \"NET_ADMIN\"]\n"));
        assertTrue(!yaml.contains("privileged: true"));
        Matcher args = Pattern.compile("\n          args: \\[(.*)\\]\n").matcher(yaml);
        assertTrue(args.find(), yaml);
        List<String> words = new ArrayList<>();
        for (String w : args.group(1).split(",")) {
            words.add(w.trim().replaceAll("^\"|\"$", ""));
        }
        assertEquals("watch", words.get(0));
        WatchCommand w = parse(words);
        assertTrue(w.match.stuck != null && !w.namespace.given(), "every namespace, connections whose peer vanished");
    }

    @Test
    void theServiceRunsAWatchSockkillAccepts() throws IOException {
        String unit = Files.readString(PROJECT.resolve("packaging/systemd/sockkill-watch.service"));
        Matcher env = Pattern.compile("\nEnvironment=\"SOCKKILL_WATCH_ARGS=([^\"]*)\"\n").matcher(unit);
        assertTrue(env.find(), unit);
        assertTrue(unit.contains("\nExecStart=/usr/bin/sockkill watch $SOCKKILL_WATCH_ARGS\n"), unit);
        List<String> words = new ArrayList<>(List.of("watch"));
        words.addAll(List.of(env.group(1).split(" ")));
        WatchCommand w = parse(words);
        assertEquals("300", w.match.stuck);
        assertTrue(unit.contains("\nCapabilityBoundingSet=CAP_SYS_ADMIN CAP_SYS_PTRACE CAP_NET_ADMIN\n"), unit);
        assertTrue(unit.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"), "reload is a round now");
    }
}
