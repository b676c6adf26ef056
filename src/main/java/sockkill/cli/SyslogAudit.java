package sockkill.cli;

import java.io.PrintWriter;
import java.time.LocalDateTime;

import jnr.constants.platform.Errno;
import sockkill.core.KillAudit;
import sockkill.sys.NativeException;
import sockkill.sys.UnixDatagram;

/**
 * The audit trail in syslog: one {@link SyslogLine} per socket a kill acted on, sent to the local
 * syslog socket ({@value #DEFAULT_SOCKET}, or the path in {@value #SOCKET_ENV}). No syslog daemon
 * (no socket there, or a socket nobody reads) means no log and no error; any other failure to log
 * is one note on stderr, once, and never changes what the kill did or its exit status.
 */
final class SyslogAudit implements KillAudit {
    static final String DEFAULT_SOCKET = "/dev/log";
    /** Where to send instead of /dev/log (a test's own rsyslogd, a container's mounted socket). */
    static final String SOCKET_ENV = "SOCKKILL_SYSLOG_SOCKET";

    private final String socketPath;
    private final PrintWriter err;
    private final long pid = ProcessHandle.current().pid();
    private Invoker who;
    private UnixDatagram socket;
    private String given;
    private boolean warned;
    /**
     * There is no socket at the path (no syslog daemon, as in most containers): the lines that follow
     * are not even built (a bulk kill has thousands). A socket file nobody reads (ECONNREFUSED: its
     * daemon restarting) is tried again for each line.
     */
    private boolean nobodyListens;

    SyslogAudit(String socketPath, String given, PrintWriter err) {
        this.socketPath = socketPath;
        this.given = given;
        this.err = err;
    }

    /** The target as given for the kills from now on (a batch's line). */
    void given(String text) {
        this.given = text;
    }

    @Override
    public synchronized void record(Entry entry) {
        if (nobodyListens) {
            return;
        }
        try {
            if (who == null) {
                who = Invoker.current();
                socket = new UnixDatagram(socketPath);
            }
            socket.send(SyslogLine.of(entry, who, given, LocalDateTime.now(), pid));
        } catch (NativeException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR)) {
                nobodyListens = true;
            } else if (!e.is(Errno.ECONNREFUSED)) {
                warn(NativeException.describe(e.errno()));
            }
        } catch (RuntimeException | LinkageError e) {
            warn(e.toString());
        }
    }

    private void warn(String why) {
        if (!warned) {
            warned = true;
            err.println(TerminalText.escape("sockkill: note: the audit log could not be written to " + socketPath
                    + " (" + why + "); the kill itself is not affected"));
            err.flush();
        }
    }
}
