package sockkill.core;

/**
 * The outcome of a kill: the target as the user named it, what happened, to which socket, a word
 * on it, and the network namespace it was in ({@code null} when not known).
 */
public record KillReport(String target, KillOutcome outcome, ListedSocket socket, String detail, NetnsRef netns) {
    public KillReport(String target, KillOutcome outcome, ListedSocket socket, String detail) {
        this(target, outcome, socket, detail, null);
    }

    /** The same report, in {@code ref}'s namespace. */
    public KillReport inNamespace(NetnsRef ref) {
        return new KillReport(target, outcome, socket, detail, ref);
    }
}
