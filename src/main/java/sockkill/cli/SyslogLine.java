package sockkill.cli;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import sockkill.core.KillAudit;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketEntry;
import sockkill.proc.FdOwner;

/**
 * One audit line as a local syslog daemon takes it from /dev/log: the BSD format (RFC 3164) that
 * glibc's syslog(3) sends, {@code <PRI>Mmm dd hh:mm:ss sockkill[PID]: MSG}, which rsyslog's
 * imuxsock and journald parse. Facility auth (4), where the system logs sudo and su too (Debian:
 * /var/log/auth.log); severity notice (5), warning (4) for a kill that failed.
 *
 * <p>MSG is {@code kill} and key=value pairs, one socket each: who (uid, user, sudo_user, loginuid),
 * the target as given, the use case's target, the socket, its inode and cookie, its namespace, its
 * holders, the outcome and why. A value that may carry someone else's text (a command name, a
 * target) is quoted, with backslash, quote and every unprintable character escaped
 * ({@link TerminalText}), so it can neither end the record nor forge a field; each is cut at
 * {@value #MAX_VALUE} characters.
 */
final class SyslogLine {
    static final int FACILITY_AUTH = 4;
    static final int SEVERITY_WARNING = 4;
    static final int SEVERITY_NOTICE = 5;
    static final int MAX_VALUE = 512;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US);

    private SyslogLine() {
    }

    /** The datagram for {@code e}, as sockkill (pid {@code pid}) sends it at local time {@code when}. */
    static byte[] of(KillAudit.Entry e, Invoker who, String given, LocalDateTime when, long pid) {
        int severity = e.outcome() == KillAudit.Outcome.FAILED ? SEVERITY_WARNING : SEVERITY_NOTICE;
        StringBuilder b = new StringBuilder(400);
        b.append('<').append(FACILITY_AUTH * 8 + severity).append('>').append(STAMP.format(when))
                .append(" sockkill[").append(pid).append("]: ").append(message(e, who, given));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** MSG alone: "kill outcome=... uid=...". */
    static String message(KillAudit.Entry e, Invoker who, String given) {
        StringBuilder b = new StringBuilder(380).append("kill");
        b.append(" outcome=").append(e.outcome().label());
        b.append(" uid=").append(who.uid());
        if (who.euid() != who.uid()) {
            b.append(" euid=").append(who.euid());
        }
        quoted(b, "user", who.user());
        if (who.sudoUser() != null) {
            quoted(b, "sudo_user", who.sudoUser());
        }
        b.append(" loginuid=").append(who.loginUid());
        quoted(b, "given", given);
        quoted(b, "target", e.target());
        SocketEntry s = e.socket();
        if (s != null) {
            quoted(b, "socket", SocketDestroyer.describe(s));
            b.append(" inode=").append(s.inode());
            if (s.hasCookie()) {
                b.append(" cookie=0x").append(Long.toHexString(s.cookie()));
            }
        }
        if (e.netns() != null && e.netns().inode() > 0) {
            b.append(" netns=").append(e.netns().inode());
            if (e.netns().name() != null) {
                quoted(b, "netns_name", e.netns().name());
            }
        }
        if (e.holders() != null && !e.holders().isEmpty()) {
            quoted(b, "holders", holders(e.holders()));
        }
        if (e.message() != null && !e.message().isEmpty()) {
            quoted(b, "reason", e.message());
        }
        return b.toString();
    }

    /** "victim(pid=42,fd=3),other(pid=43,fd=5)". */
    private static String holders(List<FdOwner> owners) {
        StringBuilder b = new StringBuilder();
        for (FdOwner o : owners) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(o.comm()).append("(pid=").append(o.pid()).append(",fd=").append(o.fd()).append(')');
        }
        return b.toString();
    }

    /** {@code key="value"}, escaped and cut. */
    private static void quoted(StringBuilder b, String key, String value) {
        String v = TerminalText.escape(value == null ? "" : value).replace("\"", "\\\"");
        if (v.length() > MAX_VALUE) {
            v = v.substring(0, MAX_VALUE) + "...";
        }
        b.append(' ').append(key).append("=\"").append(v).append('"');
    }
}
