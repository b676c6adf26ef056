package sockkill.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real rsyslogd of the test's own: its own configuration, its own socket (never the machine's
 * /dev/log) and its own output file, each line written as "FACILITY.SEVERITY TAG MSG". Stopped and
 * its directory removed on close.
 */
final class Rsyslog implements AutoCloseable {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    private final Path dir;
    private final Process process;

    private Rsyslog(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts rsyslogd in a fresh directory and waits until its socket is there. */
    static Rsyslog start() {
        if (!Files.isExecutable(RSYSLOGD)) {
            throw new AssertionError("rsyslogd is missing: apt-get install rsyslog (.ci/run installs it)");
        }
        try {
            Path dir = Files.createTempDirectory("sk-fl-rsyslog");
            Path socket = dir.resolve("log.sock");
            String conf = "global(workDirectory=\"" + dir + "\")\n"
                    + "module(load=\"imuxsock\" SysSock.Use=\"off\")\n"
                    + "input(type=\"imuxsock\" Socket=\"" + socket + "\" RateLimit.Interval=\"0\")\n"
                    + "template(name=\"line\" type=\"string\" "
                    + "string=\"%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\\n\")\n"
                    + "*.* action(type=\"omfile\" file=\"" + dir.resolve("out.log") + "\" template=\"line\")\n";
            Files.writeString(dir.resolve("rsyslog.conf"), conf);
            Process p = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                    "-i", dir.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
            Rsyslog r = new Rsyslog(dir, p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(socket)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String said = Files.exists(dir.resolve("rsyslogd.out")) ? Files.readString(dir.resolve("rsyslogd.out"))
                            : "";
                    r.close();
                    throw new AssertionError("rsyslogd did not make its socket: " + said);
                }
                Thread.sleep(20);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path socket() {
        return dir.resolve("log.sock");
    }

    /** Every line written so far. */
    List<String> lines() {
        try {
            return Files.readAllLines(dir.resolve("out.log"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines up to the first one {@code last} accepts, waiting for it up to 20 s (a hang guard). */
    List<String> linesUntil(Predicate<String> last) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<String> lines = lines();
            for (int i = 0; i < lines.size(); i++) {
                if (last.test(lines.get(i))) {
                    return lines.subList(0, i + 1);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rsyslogd wrote no such line in 20 s; it has: " + lines);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
