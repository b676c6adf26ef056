package sockkill.core;

/**
 * What a keepalive probe found out about a connection's peer, in words a report can carry after
 * "probed: " ("peer silent for 2.0 s, connection timed out").
 *
 * @param afterMillis when the verdict came, counted from the start of the probe; -1 when the
 *        connection was not probed
 * @param words what was found, for a human
 */
public record PeerVerdict(Kind kind, long afterMillis, String words) {
    /** The possible findings. */
    public enum Kind {
        /** Something came from the peer during the probe: it is alive, and the connection is left as it was. */
        ANSWERED("answered"),
        /** The peer answered none of the probes and the kernel ended the connection (ETIMEDOUT). */
        TIMED_OUT("timed-out"),
        /** The peer answered with a reset: it no longer knows the connection, which is now gone. */
        RESET("reset"),
        /** Probes (or retransmissions) went out and none was answered; the connection is still there. */
        SILENT("silent"),
        /** Nothing could be sent that would have to be answered: no proof either way. */
        UNDECIDED("undecided"),
        /** Closed, or its fd replaced, while sockkill looked. */
        GONE("gone"),
        /** Not a connection keepalive can probe (UDP, a listener, SYN-SENT...). */
        NOT_PROBED("not-probed"),
        /** No ptrace rights over its holder: no duplicate of the fd, so no probe. */
        NO_RIGHTS("no-rights");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The word in JSON. */
        public String label() {
            return label;
        }
    }

    static PeerVerdict notProbed(Kind kind, String words) {
        return new PeerVerdict(kind, -1, words);
    }

    /** The peer is proven dead: the kernel ended the connection, or probes went unanswered. */
    public boolean dead() {
        return kind == Kind.TIMED_OUT || kind == Kind.SILENT;
    }

    /** The connection no longer exists: the kernel ended it, or the peer reset it. */
    public boolean ended() {
        return kind == Kind.TIMED_OUT || kind == Kind.RESET;
    }
}
