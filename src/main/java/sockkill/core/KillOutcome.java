package sockkill.core;

/** What a kill did. */
public enum KillOutcome {
    /** The kernel destroyed the socket; its holder saw ECONNABORTED (accept: EINVAL). */
    KILLED("killed"),
    /** --dry-run: found, and it could be killed; nothing was done. */
    FOUND("found"),
    /** --fallback=shutdown: shut down through a duplicate of its fd; its holder sees end-of-file. */
    SHUT_DOWN("shut-down");

    private final String label;

    KillOutcome(String label) {
        this.label = label;
    }

    /** The word in reports and JSON. */
    public String label() {
        return label;
    }
}
