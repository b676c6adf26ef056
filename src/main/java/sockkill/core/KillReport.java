package sockkill.core;

/** The outcome of a kill: the target as the user named it, what happened, to which socket, and a word on it. */
public record KillReport(String target, KillOutcome outcome, ListedSocket socket, String detail) {
}
