package sockkill.cli;

import picocli.CommandLine.Option;
import sockkill.core.KillOptions;

/** The options every kill command takes. */
public final class KillOptionsMixin {
    /** --fallback values. */
    enum Fallback {
        none,
        shutdown
    }

    @Option(names = "--dry-run", description = "Find the socket and say what would be done; kill nothing.")
    boolean dryRun;

    @Option(names = "--fallback", paramLabel = "none|shutdown", defaultValue = "none",
            description = "Where SOCK_DESTROY cannot work (UNIX sockets, a kernel without CONFIG_INET_DIAG_DESTROY): "
                    + "'shutdown' duplicates the holder's fd (pidfd_getfd) and shuts it down; the process then sees "
                    + "end-of-file rather than an abort. Default: ${DEFAULT-VALUE}.")
    Fallback fallback;

    @Option(names = "--json", description = "Print one JSON object: target, outcome, socket (the list fields), message.")
    boolean json;

    KillOptions toOptions() {
        return new KillOptions(dryRun, fallback == Fallback.shutdown);
    }
}
