package sockkill.core;

import java.util.List;

import sockkill.proc.FdOwner;

/**
 * Where the kill use cases report every socket they acted on, for an audit trail: what became of
 * it, which socket, in which namespace, held by whom. Dry runs report nothing. The command line
 * wires a sink (syslog, in {@code cli}); this package knows no log format.
 */
@FunctionalInterface
public interface KillAudit {
    /** One socket a kill acted on (or tried to): never called for a dry run. */
    void record(Entry entry);

    /** No audit trail. */
    KillAudit NONE = entry -> { };

    /** What became of a socket: "killed", "shut-down", "gone" or "failed". */
    enum Outcome {
        KILLED("killed"), SHUT_DOWN("shut-down"), GONE("gone"), FAILED("failed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One socket: the use case's name for the target ("inode 5", "pid 42 fd 3", "match"), the
     * outcome and a word on it (why it failed), the socket, its holders ({@code null}: not looked
     * up), and its namespace ({@code null}: not known).
     */
    record Entry(String target, Outcome outcome, String message, SocketEntry socket, List<FdOwner> holders,
            NetnsRef netns) {
    }
}
