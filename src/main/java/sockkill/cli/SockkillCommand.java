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
            "  sockkill list [filters]      sockets with their owners, like ss -tuanpe"},
        footer = ExitCodes.HELP)
public final class SockkillCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the message.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing command: pid, why, inode, match, list or -");
    }
}
