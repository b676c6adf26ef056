package sockkill.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level "sockkill" command: only subcommands, --help, --version and --verbose. */
@Command(name = "sockkill",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Frees a process hung on a dead network connection: finds the socket and has the kernel destroy it "
                    + "(SOCK_DESTROY), so the process sees ECONNABORTED at once.",
            "",
            "  sockkill pid 42              the socket process 42 is blocked on",
            "  sockkill why 42              what process 42 is blocked on; kills nothing",
            "  sockkill inode 12345         the socket whose inode is 12345",
            "  sockkill pid 42 fd 4         the socket behind fd 4 of process 42",
            "  sockkill list [filters]      sockets with their owners, like ss -tuanpe",
            "  sockkill watch --stuck 120   every minute, kill connections whose peer vanished",
            "  sockkill help COMMAND        a command's options"},
        footer = ExitCodes.HELP)
public final class SockkillCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the message.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * No command: the usage, with every command and what it does, on stderr, then the one line
     * naming them all (from the model, so a new command is never forgotten), exit 2.
     */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: "
                + String.join(", ", commandNames(spec)));
    }

    /** Each command once, as the user types it: "batch (-)" for one with an alias. */
    static java.util.List<String> commandNames(picocli.CommandLine.Model.CommandSpec root) {
        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.Set<picocli.CommandLine> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (picocli.CommandLine c : root.subcommands().values()) {
            if (seen.add(c)) {
                String[] aliases = c.getCommandSpec().aliases();
                names.add(c.getCommandName() + (aliases.length == 0 ? "" : " (" + String.join(", ", aliases) + ")"));
            }
        }
        return names;
    }
}
