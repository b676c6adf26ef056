package sockkill.core;

/**
 * How a kill may proceed: {@code dryRun} resolves and reports without killing; {@code shutdownFallback}
 * allows shutdown(2) through a duplicate of the holder's fd where SOCK_DESTROY cannot work.
 */
public record KillOptions(boolean dryRun, boolean shutdownFallback) {
}
