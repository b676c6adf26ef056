package sockkill.core;

/**
 * How a keepalive probe runs. The kernel sends a probe at once (to a connection idle for a second
 * or more) and then one a second. A peer that answers none of them within {@code timeoutSeconds - 1}
 * seconds is dead; sockkill waits up to {@code timeoutSeconds} for the verdict.
 *
 * <p>A probe that may end the connection ({@code ends}) lets the kernel do it: after
 * {@code timeoutSeconds - 1} unanswered probes the kernel aborts the connection and its blocked
 * reader gets ETIMEDOUT. A probe that only looks ({@code why --probe}, {@code --dry-run}) asks for
 * more probes than it waits for, so the kernel never ends the connection before its settings are
 * put back, and it calls a peer silent once it has left as many probes unanswered as the ending
 * probe would have.
 *
 * @param timeoutSeconds how long a peer has to answer, at least {@link #MIN_TIMEOUT_SECONDS}
 * @param ends whether the kernel may end a connection whose peer does not answer
 */
public record ProbeSettings(int timeoutSeconds, boolean ends) {
    public static final int MIN_TIMEOUT_SECONDS = 2;
    public static final int MAX_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    /** A peer has at least this long to answer what was sent before a silence counts. */
    static final long ANSWER_WINDOW_MILLIS = 1000;

    public ProbeSettings {
        if (timeoutSeconds < MIN_TIMEOUT_SECONDS || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("probe timeout " + timeoutSeconds + " s is outside "
                    + MIN_TIMEOUT_SECONDS + ".." + MAX_TIMEOUT_SECONDS);
        }
    }

    /** Unanswered probes that make the peer dead: one a second for all but the last second. */
    public int deadAfterProbes() {
        return timeoutSeconds - 1;
    }

    /**
     * The settings the connection gets while it is probed. The kernel ends a connection once its
     * count of unanswered probes (tcpi_probes) reaches TCP_KEEPCNT, and that count survives a probe
     * that only looked (or the connection's own keepalive): {@code outstanding} probes already
     * unanswered are added, so that the verdict always rests on probes sent now.
     */
    public KeepaliveSettings keepalive(int outstanding) {
        int count = Math.max(0, outstanding) + (ends ? deadAfterProbes() : deadAfterProbes() + 2);
        return KeepaliveSettings.probing(Math.min(count, MAX_KEEPCNT));
    }

    /** TCP_MAX_KEEPCNT in <net/tcp.h>. */
    static final int MAX_KEEPCNT = 127;

    public long timeoutMillis() {
        return timeoutSeconds * 1000L;
    }
}
