package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.cli.Cli;

/**
 * {@code sockkill help [COMMAND]}, bare {@code sockkill}, {@code --version} and {@code sockkill
 * version} as the built launcher prints them: version, the commit it was built from, the bundled
 * runtime, and the kernel's answer to a destroy of a socket that cannot exist.
 */
class HelpVersionIT {
    @BeforeAll
    static void built() {
        Host.requireRootAndBuild();
    }

    private static Proc.Result launcher(String... args) {
        return Proc.run(Proc.concat(List.of(Host.LAUNCHER.toString()), args));
    }

    /** The commit of this checkout as the Makefile names it (without "-dirty"), or null outside git. */
    private static String checkoutCommit() {
        Proc.Result r = Proc.run("git", "-c", "safe.directory=*", "-C", Host.PROJECT.toString(), "rev-parse",
                "--short=12", "HEAD");
        return r.status() == 0 ? r.out().trim() : null;
    }

    @Test
    void versionNamesTheCommitAndTheBundledRuntimeAndLeavesTheKernelToVerbose() {
        Proc.Result r = launcher("--version");
        assertEquals(0, r.status(), r::toString);
        List<String> lines = List.of(r.out().split("\n"));
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(0).matches("sockkill \\d+\\.\\d+\\.\\d+.*"), r::toString);
        String commit = checkoutCommit();
        assertTrue(commit == null ? lines.get(1).equals("commit: unknown")
                : lines.get(1).equals("commit: " + commit) || lines.get(1).equals("commit: " + commit + "-dirty"),
                "built from " + commit + ": " + r);
        assertTrue(lines.get(2).startsWith("runtime: ") && lines.get(2).endsWith(" in "
                + Host.PROJECT.resolve("target/sockkill/runtime")), "the bundled runtime, never the host's: " + r);

        Proc.Result verbose = launcher("--version", "--verbose");
        Proc.Result command = launcher("version");
        assertEquals(0, command.status(), command::toString);
        assertEquals(command.out(), verbose.out());
        List<String> all = List.of(command.out().split("\n"));
        assertEquals(lines, all.subList(0, 3));
        // this project's kernels have CONFIG_INET_DIAG_DESTROY=y (shared/DESIGN.md)
        assertEquals("kernel: SOCK_DESTROY supported (CONFIG_INET_DIAG_DESTROY)", all.get(3), command::toString);
    }

    /**
     * The launcher finds its runtime however it is reached: by its own path, relative or with "..",
     * through a symlink to it (as /usr/bin/sockkill -> /usr/lib/sockkill/bin/sockkill would be),
     * through a symlinked directory on its way (/usr/local/bin -> /opt/sockkill/bin), and by PATH.
     */
    @Test
    void theLauncherFindsItsRuntimeHoweverItIsReached() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sk-launcher");
        try {
            java.nio.file.Path bin = Host.LAUNCHER.getParent();
            java.nio.file.Files.createSymbolicLink(dir.resolve("linked-bin"), bin);
            java.nio.file.Files.createDirectory(dir.resolve("bin"));
            java.nio.file.Files.createSymbolicLink(dir.resolve("bin/sockkill"), Host.LAUNCHER);
            java.nio.file.Files.createDirectory(dir.resolve("rel"));
            java.nio.file.Files.createSymbolicLink(dir.resolve("rel/sk"),
                    dir.resolve("rel").relativize(Host.LAUNCHER));
            String runtime = " in " + Host.PROJECT.resolve("target/sockkill/runtime");
            String[][] ways = {
                {Host.LAUNCHER.toString(), "--version"},
                {"sh", "-c", "cd '" + Host.PROJECT + "' && bin/sockkill --version"},
                {"sh", "-c", "cd '" + bin + "' && ./sockkill --version"},
                {bin.resolve("../bin/sockkill").toString(), "--version"},
                {dir.resolve("bin/sockkill").toString(), "--version"},
                {dir.resolve("rel/sk").toString(), "--version"},
                {dir.resolve("linked-bin/sockkill").toString(), "--version"},
                {"sh", "-c", "PATH='" + dir.resolve("linked-bin") + "':/usr/bin:/bin exec sockkill --version"},
                {"sh", "-c", "PATH='" + dir.resolve("bin") + "':/usr/bin:/bin exec sockkill --version"},
            };
            for (String[] way : ways) {
                Proc.Result r = Proc.run(way);
                assertEquals(0, r.status(), () -> String.join(" ", way) + ": " + r);
                assertTrue(r.out().lines().anyMatch(l -> l.startsWith("runtime: ") && l.endsWith(runtime)),
                        () -> String.join(" ", way) + ": " + r);
            }
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void versionJsonAndAnUnprivilegedProbe() {
        Proc.Result json = launcher("version", "--json");
        assertEquals(0, json.status(), json::toString);
        Map<String, Object> o = (Map<String, Object>) MiniJson.parse(json.out());
        assertEquals("supported", o.get("sock_destroy"), json::toString);
        assertTrue(((Map<String, Object>) o.get("runtime")).get("home").toString().endsWith("target/sockkill/runtime"));

        // without CAP_NET_ADMIN the probe still destroys nothing and still gets an answer
        Proc.Result nobody = Proc.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Host.LAUNCHER.toString(), "version");
        assertEquals(0, nobody.status(), nobody::toString);
        String kernel = List.of(nobody.out().split("\n")).get(3);
        assertTrue(kernel.equals("kernel: SOCK_DESTROY supported (CONFIG_INET_DIAG_DESTROY)")
                || kernel.equals("kernel: SOCK_DESTROY support unknown without CAP_NET_ADMIN "
                        + "(CONFIG_INET_DIAG_DESTROY)"), nobody::toString);
    }

    /** Every command the model has, as help lists it: "batch (-)" for one with an alias. */
    private static List<String> modelCommands() {
        return Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands().values().stream().distinct()
                .map(c -> c.getCommandName() + (c.getCommandSpec().aliases().length == 0 ? ""
                        : " (" + String.join(", ", c.getCommandSpec().aliases()) + ")"))
                .toList();
    }

    @Test
    void helpAndBareSockkillNameEveryCommand() {
        List<String> commands = modelCommands();
        assertTrue(commands.containsAll(List.of("pid", "why", "inode", "match", "batch (-)", "list", "watch", "version",
                "help")), commands::toString);

        CliRun.Result help = CliRun.run("help");
        assertEquals(0, help.status(), help::toString);
        for (String c : commands) {
            String name = c.split(" ")[0];
            assertTrue(help.out().contains("\n  " + name), name + " missing from: " + help.out());
        }

        CliRun.Result bare = CliRun.run();
        assertEquals(2, bare.status(), bare::toString);
        assertEquals("", bare.out());
        String[] err = bare.err().split("\n");
        assertEquals("sockkill: missing command: " + String.join(", ", commands) + " (see 'sockkill --help')",
                err[err.length - 1]);
        assertTrue(bare.err().contains("Commands:"), "the usage, with every command, comes first: " + bare);
    }

    @Test
    void theGeneratedManPageAndCompletionsHaveTheNewCommandsAndOptions() throws Exception {
        String man = java.nio.file.Files.readString(Host.PROJECT.resolve("target/doc/sockkill.8"));
        for (String heading : List.of("sockkill watch", "sockkill version", "sockkill help", "WATCH", "AUDIT TRAIL",
                "EVERY NETWORK NAMESPACE")) {
            assertTrue(man.contains(heading), heading + " missing from the man page");
        }
        for (String option : List.of("\\-\\-all\\-netns", "\\-\\-no\\-log", "\\-\\-interval", "\\-\\-no\\-header",
                "\\-\\-listening")) {
            assertTrue(man.contains(option), option + " missing from the man page");
        }
        String bash = java.nio.file.Files.readString(Host.PROJECT.resolve("target/doc/sockkill.bash"));
        assertTrue(bash.contains(" watch ") && bash.contains(" version help'"), "commands to complete");
        assertTrue(bash.contains("--interval") && bash.contains("--no-log") && bash.contains("--all-netns"), bash);
        String zsh = java.nio.file.Files.readString(Host.PROJECT.resolve("target/doc/_sockkill"));
        assertTrue(zsh.contains("'watch:") && zsh.contains("'version:") && zsh.contains("'help:"), "zsh commands");
    }

    @Test
    void helpCommandIsTheCommandsOwnHelp() {
        for (String command : List.of("pid", "match", "list", "watch", "version")) {
            CliRun.Result viaHelp = CliRun.run("help", command);
            CliRun.Result own = CliRun.run(command, "--help");
            assertEquals(0, viaHelp.status(), viaHelp::toString);
            assertEquals(own.out(), viaHelp.out(), command);
        }
        CliRun.Result unknown = CliRun.run("help", "frobnicate");
        assertEquals(2, unknown.status(), unknown::toString);
        assertTrue(unknown.err().startsWith("sockkill: ") && unknown.err().contains("frobnicate"), unknown::toString);
    }
}
