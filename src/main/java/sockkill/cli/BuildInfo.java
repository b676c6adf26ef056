package sockkill.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What was built and what runs it: sockkill's version (the jar's manifest), the git commit it was
 * built from (a resource Maven fills in at build time: "unknown" outside git), and the Java runtime.
 */
final class BuildInfo {
    private static final String UNKNOWN = "unknown";

    private BuildInfo() {
    }

    /** The version from the jar's manifest; "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The commit built from, "unknown" when not built from a git checkout (or not through make). */
    static String commit() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/sockkill/build.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("commit=")) {
                    String c = line.substring("commit=".length()).strip();
                    // unfiltered (run from an IDE's copy of the resources) or empty: not known
                    return c.isEmpty() || c.contains("${") ? UNKNOWN : c;
                }
            }
        } catch (IOException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    static String runtimeName() {
        return System.getProperty("java.runtime.name", "Java");
    }

    static String runtimeVersion() {
        return System.getProperty("java.runtime.version", System.getProperty("java.version", UNKNOWN));
    }

    static String runtimeVendor() {
        return System.getProperty("java.vendor", UNKNOWN);
    }

    static String runtimeHome() {
        return System.getProperty("java.home", UNKNOWN);
    }

    /** "OpenJDK Runtime Environment 25.0.1+8-LTS (Eclipse Adoptium) in /usr/lib/sockkill/runtime". */
    static String runtime() {
        return runtimeName() + " " + runtimeVersion() + " (" + runtimeVendor() + ") in " + runtimeHome();
    }
}
