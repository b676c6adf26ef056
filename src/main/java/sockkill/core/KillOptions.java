package sockkill.core;

/**
 * How a kill may proceed: {@code dryRun} resolves and reports without killing; {@code shutdownFallback}
 * allows shutdown(2) through a duplicate of the holder's fd where SOCK_DESTROY cannot work;
 * {@code audit} hears of every socket acted on (never of a dry run).
 */
public record KillOptions(boolean dryRun, boolean shutdownFallback, KillAudit audit) {
    public KillOptions {
        audit = audit == null ? KillAudit.NONE : audit;
    }

    public KillOptions(boolean dryRun, boolean shutdownFallback) {
        this(dryRun, shutdownFallback, KillAudit.NONE);
    }

    /** The same options, reporting to {@code sink}. */
    public KillOptions withAudit(KillAudit sink) {
        return new KillOptions(dryRun, shutdownFallback, sink);
    }
}
