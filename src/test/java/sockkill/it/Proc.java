package sockkill.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and captures what it printed. */
final class Proc {
    private Proc() {
    }

    record Result(List<String> command, int status, String out, String err) {
        Result requireSuccess() {
            if (status != 0) {
                throw new AssertionError("command failed (" + status + "): " + String.join(" ", command)
                        + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static Result run(String... command) {
        return run(List.of(command));
    }

    static Result run(List<String> command) {
        return run(java.util.Map.of(), command);
    }

    /** As {@link #run(List)}, with {@code env} added to the environment. */
    static Result run(java.util.Map<String, String> env, List<String> command) {
        try {
            ProcessBuilder b = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null")));
            b.environment().putAll(env);
            Process p = b.start();
            StreamGobbler out = new StreamGobbler(p.getInputStream());
            StreamGobbler err = new StreamGobbler(p.getErrorStream());
            out.start();
            err.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("command did not finish in 120 s: " + command);
            }
            out.join();
            err.join();
            return new Result(command, p.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<String> concat(List<String> prefix, String... rest) {
        List<String> all = new java.util.ArrayList<>(prefix);
        all.addAll(Arrays.asList(rest));
        return all;
    }

    /** Drains a stream on its own thread so a chatty child never blocks. */
    static final class StreamGobbler extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        StreamGobbler(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                in.transferTo(buffer);
            } catch (IOException ignored) {
                // the process went away; what we have is what it said
            }
        }

        String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
