package sockkill.core;

import java.util.Optional;

import sockkill.diag.TcpCounters;
import sockkill.sys.Kernel;

/**
 * The decision about one probed connection, from its tcp_info alone (no I/O here): what it was
 * before the probe began, then what it is each time sockkill looks.
 *
 * <ul>
 * <li><b>answered</b>: the peer sent something after the probe began (tcpi_segs_in grew): an ack
 * to a keepalive probe, data, a window update. Only a live peer does that.
 * <li><b>timed out</b>: the connection ended with nothing from the peer: the kernel gave up after
 * the probes it was allowed (ETIMEDOUT for its holder). <b>reset</b>: it ended right after
 * something came in: the peer answered a probe with a reset.
 * <li><b>silent</b>: silence counts only after something went out that the peer must answer (a
 * keepalive or window probe: tcpi_probes grew; a retransmission: tcpi_total_retrans grew) and the
 * peer had time to answer: as many unanswered keepalive probes as an ending probe allows, or at
 * the deadline, a second or more. Probes left unanswered before the probe began do not count.
 * <li><b>undecided</b>: at the deadline, nothing went out early enough to prove anything. Keepalive
 * sends nothing while data waits to be acknowledged or sent (a sender stuck retransmitting, a
 * closed window): then only the kernel's own retransmissions can be the probe, and a backed-off
 * one may not be due within the probe.
 * </ul>
 * Never SO_ERROR: reading it would take the error from the blocked holder.
 */
final class ProbeWatch {
    private final TcpCounters before;
    private final ProbeSettings settings;
    private long firstSentMillis = -1;

    ProbeWatch(TcpCounters before, ProbeSettings settings) {
        this.before = before;
        this.settings = settings;
    }

    /** Why a connection cannot be probed, from its tcp_info before the probe; empty when it can. */
    static Optional<String> unprobeable(TcpCounters before) {
        if (before.state() != Kernel.TCP_ESTABLISHED) {
            String state = SocketStates.name(before.state());
            return Optional.of(switch (before.state()) {
                case Kernel.TCP_SYN_SENT -> "SYN-SENT: its handshake never completed (no peer has answered yet), "
                        + "and keepalive probes only established connections";
                case Kernel.TCP_LISTEN -> "a listener has no peer to probe";
                default -> "it is " + state + ", not established: keepalive probes only established connections";
            });
        }
        if (!before.countsSegments()) {
            return Optional.of("this kernel's tcp_info does not count segments (Linux 4.2 and later do)");
        }
        return Optional.empty();
    }

    /**
     * When the verdict is due, counted from the start of the probe: the probe's time, and for a
     * connection that heard from its peer less than a second before, the rest of that second (the
     * kernel's first keepalive probe waits for a second of idleness).
     */
    long deadlineMillis() {
        long idle = Math.min(before.lastDataReceivedMillis(), before.lastAckReceivedMillis());
        long wait = idle < 0 ? 0 : Math.max(0, ProbeSettings.ANSWER_WINDOW_MILLIS - idle);
        return settings.timeoutMillis() + wait;
    }

    /** A look {@code elapsedMillis} after the probe began; the verdict once there is one. */
    Optional<PeerVerdict> observe(TcpCounters now, long elapsedMillis) {
        boolean heard = now.segmentsIn() > before.segmentsIn();
        if (now.state() != before.state()) {
            return Optional.of(changed(now, elapsedMillis, heard));
        }
        if (heard) {
            return Optional.of(new PeerVerdict(PeerVerdict.Kind.ANSWERED, elapsedMillis,
                    "peer answered after " + TcpFigures.seconds(elapsedMillis)));
        }
        if (firstSentMillis < 0 && (fresh(now) > 0 || now.totalRetransmits() > before.totalRetransmits())) {
            // a probe, or a retransmission: something the peer must answer
            firstSentMillis = elapsedMillis;
        }
        if (!settings.ends() && firstSentMillis >= 0 && fresh(now) > settings.deadAfterProbes()) {
            // as many probes unanswered as an ending probe allows, and the next one out: the moment
            // the kernel would have ended the connection
            return Optional.of(silent(settings.deadAfterProbes(), elapsedMillis));
        }
        return Optional.empty();
    }

    /** The verdict at the deadline, after a last {@link #observe} found none. */
    PeerVerdict conclude(TcpCounters now, long elapsedMillis) {
        if (firstSentMillis >= 0 && elapsedMillis - firstSentMillis >= ProbeSettings.ANSWER_WINDOW_MILLIS) {
            return silent(fresh(now), elapsedMillis);
        }
        return new PeerVerdict(PeerVerdict.Kind.UNDECIDED, elapsedMillis, undecided(now, elapsedMillis));
    }

    private PeerVerdict changed(TcpCounters now, long elapsedMillis, boolean heard) {
        String after = TcpFigures.seconds(elapsedMillis);
        if (now.state() == Kernel.TCP_CLOSE) {
            return heard
                    ? new PeerVerdict(PeerVerdict.Kind.RESET, elapsedMillis, "peer answered with a reset after " + after
                            + ": it no longer knew the connection, which is gone")
                    : new PeerVerdict(PeerVerdict.Kind.TIMED_OUT, elapsedMillis, "peer silent for " + after
                            + ", connection timed out");
        }
        if (heard) {
            // a FIN (CLOSE-WAIT), say: the peer is there, and closed its side
            return new PeerVerdict(PeerVerdict.Kind.ANSWERED, elapsedMillis, "peer answered after " + after
                    + " (the connection is now " + SocketStates.name(now.state()) + ")");
        }
        return new PeerVerdict(PeerVerdict.Kind.GONE, elapsedMillis, "the connection was closed during the probe "
                + "(it is now " + SocketStates.name(now.state()) + ")");
    }

    /** Keepalive (or window) probes sent since the probe began and not answered. */
    private int fresh(TcpCounters now) {
        return Math.max(0, now.probes() - Math.max(0, before.probes()));
    }

    private PeerVerdict silent(int probes, long elapsedMillis) {
        String what = probes == 0 ? "a retransmission of its data"
                : (probes == 1 ? "1 " : probes + " ") + (inFlight() ? "window" : "keepalive")
                        + (probes == 1 ? " probe" : " probes");
        return new PeerVerdict(PeerVerdict.Kind.SILENT, elapsedMillis, "peer silent for "
                + TcpFigures.seconds(elapsedMillis) + " (" + what + " unanswered)");
    }

    /** Data waited to be acknowledged or sent when the probe began: keepalive sends nothing then. */
    boolean inFlight() {
        return before.unacked() > 0 || before.notSentBytes() > 0;
    }

    private String undecided(TcpCounters now, long elapsedMillis) {
        String within = "within " + TcpFigures.seconds(elapsedMillis);
        if (before.unacked() > 0) {
            StringBuilder b = new StringBuilder("not proven: ").append(before.unacked())
                    .append(before.unacked() == 1 ? " segment waits" : " segments wait")
                    .append(" to be acknowledged (keepalive sends no probe then), and the kernel did not retransmit ")
                    .append(within);
            long dueMillis = now.rtoMicros() / 1000 - now.lastDataSentMillis();
            if (now.rtoMicros() >= 0 && now.lastDataSentMillis() >= 0 && dueMillis > 0) {
                long waitSeconds = (dueMillis + ProbeSettings.ANSWER_WINDOW_MILLIS + 999) / 1000 + 1;
                b.append(": its next retransmission is due in about ").append(TcpFigures.seconds(dueMillis));
                if (waitSeconds <= ProbeSettings.MAX_TIMEOUT_SECONDS) {
                    b.append(" (--probe-timeout ").append(Math.max(waitSeconds, settings.timeoutSeconds() + 1))
                            .append(" waits for it)");
                }
            }
            if (now.lastAckReceivedMillis() >= 0) {
                b.append("; last ack received ").append(TcpFigures.ago(now.lastAckReceivedMillis()));
            }
            return b.toString();
        }
        if (before.notSentBytes() > 0) {
            return "not proven: data waits to be sent and the peer's window is closed (keepalive sends no probe then), "
                    + "and no window probe went out " + within;
        }
        return "not proven: no probe went out " + within;
    }
}
