package sockkill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What standard input is, for a batch that reads its targets from it. A process started with fd 0
 * closed ({@code sockkill - <&-}) would read whatever file the JVM opened first, which takes the
 * lowest free descriptor (its own modules image): bin/sockkill notices the closed fd before the JVM
 * starts, gives it /dev/null and says so in a system property.
 */
final class StandardInput {
    /** Set by bin/sockkill when fd 0 was closed. */
    static final String CLOSED_PROPERTY = "sockkill.stdin.closed";

    private static final Path FD0 = Path.of("/proc/self/fd/0");

    private StandardInput() {
    }

    /** True when sockkill was started with standard input closed. */
    static boolean wasClosed() {
        if (Boolean.getBoolean(CLOSED_PROPERTY)) {
            return true;
        }
        // Started without the launcher: fd 0 then holds one of the JVM's own files.
        try {
            String target = Files.readSymbolicLink(FD0).toString();
            return target.equals(Path.of(System.getProperty("java.home"), "lib", "modules").toString())
                    || target.endsWith(".jar") || target.endsWith(".jsa");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** True when standard input is a directory ({@code sockkill - < /tmp}). */
    static boolean isDirectory() {
        return Files.isDirectory(FD0);
    }
}
