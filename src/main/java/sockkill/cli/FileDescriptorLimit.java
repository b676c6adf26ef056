package sockkill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The open-file limit sockkill needs. The JVM alone keeps about twenty files open (its modules image
 * and the jars); sockkill adds netlink sockets, pidfds and /proc reads, one set per thread that
 * works in a namespace. bin/sockkill checks the limit before the JVM starts; this is the same check
 * for a failure of a JVM started some other way, read only once something has failed.
 */
final class FileDescriptorLimit {
    /** What sockkill needs, with room to spare; bin/sockkill checks the same number. */
    static final int NEEDED = 64;

    private FileDescriptorLimit() {
    }

    /** The message for a failure under a limit below {@link #NEEDED}; empty when the limit is not the reason. */
    static Optional<String> tooLow() {
        long soft = soft(Path.of("/proc/self/limits"));
        if (soft < 0 || soft >= NEEDED) {
            return Optional.empty();
        }
        return Optional.of("too few file descriptors (ulimit -n " + soft + "): sockkill needs at least " + NEEDED);
    }

    /** The soft limit of "Max open files" in a /proc/PID/limits file; -1 when unlimited or unknown. */
    static long soft(Path limits) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? -1 : Long.parseLong(f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }
}
