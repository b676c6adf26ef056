package sockkill.core;

import java.io.IOException;

/**
 * Runs one single-socket kill attempt and reports it to the audit trail ({@link KillAudit}): what
 * became of the socket, or why the attempt failed. Dry runs and sockets never found report nothing.
 */
final class AuditedAttempt {
    @FunctionalInterface
    interface Attempt {
        KillReport run() throws IOException, Problem;
    }

    private final KillOptions options;

    AuditedAttempt(KillOptions options) {
        this.options = options;
    }

    /**
     * Runs {@code attempt} on {@code target} in {@code netns} (null when unknown). A failure is
     * recorded with the socket its {@link SocketProblem} names, else with {@code known} (may be null).
     */
    KillReport run(String target, NetnsRef netns, ListedSocket known, Attempt attempt) throws IOException, Problem {
        KillReport r;
        try {
            r = attempt.run();
        } catch (Problem p) {
            recordFailure(target, p, known, netns);
            throw p;
        }
        r = r.inNamespace(netns);
        recordDone(r);
        return r;
    }

    private void recordDone(KillReport r) {
        if (options.dryRun() || r.outcome() == KillOutcome.FOUND) {
            return;
        }
        options.audit().record(new KillAudit.Entry(r.target(), r.outcome() == KillOutcome.SHUT_DOWN
                ? KillAudit.Outcome.SHUT_DOWN : KillAudit.Outcome.KILLED, r.detail(), r.socket().socket(),
                r.socket().owners(), r.netns()));
    }

    private void recordFailure(String target, Problem p, ListedSocket known, NetnsRef netns) {
        ListedSocket socket = p instanceof SocketProblem sp && sp.socket().isPresent() ? sp.socket().get() : known;
        if (options.dryRun() || socket == null) {
            return;
        }
        options.audit().record(new KillAudit.Entry(target, p.kind() == Problem.Kind.NOT_FOUND
                ? KillAudit.Outcome.GONE : KillAudit.Outcome.FAILED, p.getMessage(), socket.socket(), socket.owners(),
                netns));
    }
}
