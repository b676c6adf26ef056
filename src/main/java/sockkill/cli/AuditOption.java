package sockkill.cli;

import picocli.CommandLine.Option;
import sockkill.core.KillAudit;

/**
 * {@code --no-log}, and the audit trail it turns off: every kill (never a dry run) is logged to
 * syslog, one line per socket ({@link SyslogAudit}), unless {@code --no-log} is given or
 * {@value #NO_LOG_ENV} is set to anything but "" or "0".
 */
public final class AuditOption {
    static final String NO_LOG_ENV = "SOCKKILL_NO_LOG";

    @Option(names = "--no-log", description = "Do not log the kill to syslog (facility auth, one line per socket: who, "
            + "the target, the socket, its namespace and holders, the outcome). Also SOCKKILL_NO_LOG=1. Without a "
            + "syslog socket (/dev/log, or SOCKKILL_SYSLOG_SOCKET) nothing is logged and nothing is said.")
    boolean noLog;

    private SyslogAudit sink;

    /** The audit trail for this command, the target as given being its command line; NONE when turned off. */
    KillAudit sink(Invocation invocation) {
        if (noLog || off(System.getenv(NO_LOG_ENV))) {
            return KillAudit.NONE;
        }
        if (sink == null) {
            String path = System.getenv(SyslogAudit.SOCKET_ENV);
            sink = new SyslogAudit(path == null || path.isEmpty() ? SyslogAudit.DEFAULT_SOCKET : path,
                    String.join(" ", invocation.args()), invocation.err());
        }
        return sink;
    }

    /** Names the target of the kills from now on (a batch's line); the command line until then. */
    void given(String text) {
        if (sink != null) {
            sink.given(text);
        }
    }

    static boolean off(String env) {
        return env != null && !env.isEmpty() && !env.equals("0");
    }
}
