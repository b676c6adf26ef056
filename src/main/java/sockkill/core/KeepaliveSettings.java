package sockkill.core;

import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;

/**
 * A TCP connection's keepalive settings, the five socket options a probe changes and then puts
 * back: SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT and TCP_USER_TIMEOUT.
 *
 * <p>Reading TCP_KEEPIDLE, TCP_KEEPINTVL or TCP_KEEPCNT on a socket that never set them gives the
 * system's defaults (net.ipv4.tcp_keepalive_*); written back, they become the socket's own values:
 * the same numbers, which a later change of the sysctl no longer reaches. The kernel has no way to
 * unset them.
 *
 * @param idleSeconds seconds of idleness before the first probe
 * @param intervalSeconds seconds between probes
 * @param count unanswered probes before the kernel ends the connection
 * @param userTimeoutMillis TCP_USER_TIMEOUT, 0 when unset
 */
public record KeepaliveSettings(boolean keepalive, int idleSeconds, int intervalSeconds, int count,
        int userTimeoutMillis) {

    /**
     * What a probe sets: keepalive on, a probe at once and then one a second, {@code count} of them
     * unanswered before the kernel ends the connection, and no user timeout (which would otherwise
     * replace the count, and end a long-silent connection at the second probe).
     */
    public static KeepaliveSettings probing(int count) {
        return new KeepaliveSettings(true, 1, 1, count, 0);
    }

    /** The settings of the socket behind {@code dup} (the holder's own). */
    public static KeepaliveSettings read(ForeignFd dup) throws NativeException {
        return new KeepaliveSettings(
                dup.intOption(Kernel.SOL_SOCKET, Kernel.SO_KEEPALIVE) != 0,
                dup.intOption(Kernel.SOL_TCP, Kernel.TCP_KEEPIDLE),
                dup.intOption(Kernel.SOL_TCP, Kernel.TCP_KEEPINTVL),
                dup.intOption(Kernel.SOL_TCP, Kernel.TCP_KEEPCNT),
                dup.intOption(Kernel.SOL_TCP, Kernel.TCP_USER_TIMEOUT));
    }

    /**
     * Starts probing with these settings. The idle time goes last: with keepalive on, setting it
     * re-arms the kernel's keepalive timer from how long the connection has been idle, so a
     * connection idle for a second or more is probed at once.
     */
    public void startOn(ForeignFd dup) throws NativeException {
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_KEEPINTVL, intervalSeconds);
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_KEEPCNT, count);
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_USER_TIMEOUT, userTimeoutMillis);
        dup.setIntOption(Kernel.SOL_SOCKET, Kernel.SO_KEEPALIVE, keepalive ? 1 : 0);
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_KEEPIDLE, idleSeconds);
    }

    /**
     * Puts these (remembered) settings back. Keepalive that was off is turned off first, which stops
     * the kernel's keepalive timer; keepalive that was on gets its idle time back last, which
     * re-arms the timer as the connection's own settings would have it.
     */
    public void restoreOn(ForeignFd dup) throws NativeException {
        if (!keepalive) {
            dup.setIntOption(Kernel.SOL_SOCKET, Kernel.SO_KEEPALIVE, 0);
        }
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_KEEPINTVL, intervalSeconds);
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_KEEPCNT, count);
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_USER_TIMEOUT, userTimeoutMillis);
        dup.setIntOption(Kernel.SOL_TCP, Kernel.TCP_KEEPIDLE, idleSeconds);
    }

    /** "keepalive off, idle 7200 s, interval 75 s, 9 probes, no user timeout". */
    @Override
    public String toString() {
        return "keepalive " + (keepalive ? "on" : "off") + ", idle " + idleSeconds + " s, interval " + intervalSeconds
                + " s, " + count + " probes, " + (userTimeoutMillis == 0 ? "no user timeout"
                        : "user timeout " + userTimeoutMillis + " ms");
    }
}
