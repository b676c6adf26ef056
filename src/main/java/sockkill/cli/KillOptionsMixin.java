package sockkill.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sockkill.core.KillOptions;

/** The options every kill command takes. */
public final class KillOptionsMixin {
    /** --fallback values. */
    enum Fallback {
        none,
        shutdown
    }

    @Option(names = "--dry-run", description = "Find the socket and say what would be done; kill nothing. It checks "
            + "what the kill would meet (whether the kernel can destroy the socket and reaches it, CAP_NET_ADMIN over "
            + "its namespace, the fd a fallback needs), so its exit status is the real run's.")
    boolean dryRun;

    @Option(names = "--fallback", paramLabel = "none|shutdown", defaultValue = "none",
            description = "Where SOCK_DESTROY cannot work (UNIX and MPTCP sockets, SO_REUSEPORT group members, sockets "
                    + "neither bound nor connected, a kernel without CONFIG_INET_DIAG_DESTROY): "
                    + "'shutdown' duplicates the holder's fd (pidfd_getfd) and shuts it down; the process then sees "
                    + "end-of-file rather than an abort. Default: ${DEFAULT-VALUE}.")
    Fallback fallback = Fallback.none;

    @Option(names = "--json", description = "Print one JSON object: target, outcome, socket (the list fields), message.")
    boolean json;

    @Mixin
    AuditOption audit = new AuditOption();

    /** The options, with the audit trail (syslog) unless --no-log. */
    KillOptions toOptions(Invocation invocation) {
        return new KillOptions(dryRun, fallback == Fallback.shutdown).withAudit(audit.sink(invocation));
    }
}
