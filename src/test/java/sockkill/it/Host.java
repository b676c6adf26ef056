package sockkill.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine the integration tests run on, and where the built artefacts are. */
final class Host {
    private Host() {
    }

    /** The checkout: Maven runs tests with the project directory as working directory. */
    static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final Path SOCKPOP = PROJECT.resolve("native-tests/build/sockpop");
    static final Path VICTIM = PROJECT.resolve("native-tests/build/victim");
    static final Path LAUNCHER = PROJECT.resolve("bin/sockkill");

    /**
     * Fails (never skips) unless the tests can do what they need: root for network namespaces, and
     * the programs that {@code make} builds.
     */
    static void requireRootAndBuild() {
        if (!isRoot()) {
            throw new AssertionError("the integration tests need root (they create network namespaces): "
                    + "run 'sudo make test', or 'make unit-test' for the unit tests alone");
        }
        for (Path p : new Path[] {SOCKPOP, VICTIM, PROJECT.resolve("target/sockkill/lib/sockkill.jar")}) {
            if (!Files.isExecutable(p) && !Files.isRegularFile(p)) {
                throw new AssertionError(p + " is missing: run 'make' first (make test does)");
            }
        }
    }

    /** Whether some process's network namespace cannot be read here even by root (a sandbox's pid 1). */
    static boolean someNetnsUnreadable() {
        try (java.util.stream.Stream<Path> pids = Files.list(Path.of("/proc"))) {
            return pids.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    Files.readSymbolicLink(p.resolve("ns/net"));
                    return false;
                } catch (java.nio.file.AccessDeniedException e) {
                    return true;
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/status", e);
        }
        return false;
    }
}
