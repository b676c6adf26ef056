package sockkill.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running native-tests/build/victim: a real program blocked the way real clients and servers
 * block, which reports exactly what its blocking call finally returned.
 */
final class Victim implements AutoCloseable {
    private final Process process;
    private final Map<String, String> ready;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);

    private Victim(Process process, Map<String, String> ready, BufferedReader rest) {
        this.process = process;
        this.ready = ready;
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = rest.readLine()) != null) {
                    lines.offer(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code victim MODE ARGS} under {@code prefix} and waits for its READY line. */
    static Victim start(List<String> prefix, String... modeAndArgs) {
        return startBinary(prefix, Host.VICTIM, modeAndArgs);
    }

    /** As {@link #start}, running a copy of the victim under another name (its comm). */
    static Victim startBinary(List<String> prefix, java.nio.file.Path binary, String... modeAndArgs) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binary.toString());
        command.add("--timeout-sec");
        command.add("60");
        command.addAll(List.of(modeAndArgs));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("READY ")) {
                p.destroyForcibly();
                throw new AssertionError("victim did not get ready: " + line + " from " + command);
            }
            return new Victim(p, SockPop.fields(line), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int pid() {
        return Integer.parseInt(ready.get("pid"));
    }

    int fd() {
        return Integer.parseInt(ready.get("fd"));
    }

    /** The thread that blocks (with --thread, not the main one). */
    int tid() {
        return Integer.parseInt(ready.get("tid"));
    }

    /** A field of the READY line ("fds" for tcp-loop). */
    String ready(String field) {
        return ready.get(field);
    }

    long inode() {
        return Long.parseLong(ready.get("inode"));
    }

    String local() {
        return ready.get("local");
    }

    /** Writes a line to the victim's stdin (tcp-send waits for one before it sends). */
    void poke() throws IOException {
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
    }

    /** Writes a command line to the victim's stdin (tcp-loop --control: 'opts', or text to send). */
    void command(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** The next line starting with {@code prefix}, waiting up to {@code seconds}. */
    Map<String, String> line(String prefix, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("victim " + pid() + " printed no " + prefix + " line in " + seconds + " s");
                }
                if (line.startsWith(prefix)) {
                    return SockPop.fields(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next RESULT line's fields, waiting up to {@code seconds}. */
    Map<String, String> result(int seconds) {
        return line("RESULT ", seconds);
    }

    /** True if it has reported nothing within {@code millis}: still blocked. */
    boolean stillBlocked(int millis) throws InterruptedException {
        String line = lines.poll(millis, TimeUnit.MILLISECONDS);
        if (line != null) {
            lines.offer(line);
        }
        return line == null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
