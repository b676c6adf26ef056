package sockkill.core;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code sockkill watch}, the daemon form of {@code match}: every interval (or at once when woken),
 * one round of {@link MatchKill} over the namespaces {@code where} names, each socket acted on
 * handed to the listener (and to the audit trail by MatchKill). A round that fails (a namespace
 * that cannot be entered, more matches than --max) is reported and the next one runs as usual: a
 * daemon does not die of one bad round. {@link #stop} ends the loop: a wait ends at once, a round
 * under way finishes the namespace it is in and searches no other.
 */
public final class Watch {
    /** One round: its number, the sockets acted on, the namespaces that could not be searched, or why it failed. */
    public record Round(long number, List<MatchKill.Item> items, Optional<Problem> unsearched,
            Optional<Exception> failure) {
    }

    /** Hears every round, in order, on the watching thread. */
    @FunctionalInterface
    public interface Listener {
        void round(Round round);
    }

    private final MatchKill kill;
    private final Supplier<Namespaces> where;
    private final MatchCriteria criteria;
    private final boolean dryRun;
    private final OptionalLong max;
    private final long intervalNanos;
    private final Listener listener;
    private final Object lock = new Object();
    private boolean stop;
    private boolean wake;

    public Watch(MatchKill kill, Supplier<Namespaces> where, MatchCriteria criteria, boolean dryRun, OptionalLong max,
            long intervalNanos, Listener listener) {
        this.kill = kill.until(this::stopped);
        this.where = where;
        this.criteria = criteria;
        this.dryRun = dryRun;
        this.max = max;
        this.intervalNanos = intervalNanos;
        this.listener = listener;
    }

    /** Runs rounds until {@link #stop}; returns once stopped. */
    public void run() {
        for (long n = 1; !stopped(); n++) {
            listener.round(round(n));
            await();
        }
    }

    private Round round(long n) {
        try {
            MatchKill.Result r = kill.run(where.get(), criteria, dryRun, max);
            return new Round(n, r.items(), r.unsearched(), Optional.empty());
        } catch (IOException | Problem e) {
            return new Round(n, List.of(), Optional.empty(), Optional.of(e));
        }
    }

    /** Waits out the interval, unless woken or stopped first. */
    private void await() {
        long deadline = System.nanoTime() + intervalNanos;
        synchronized (lock) {
            while (!stop && !wake) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop = true;
                }
            }
            wake = false;
        }
    }

    /** Starts the next round now (SIGHUP, SIGUSR1). */
    public void wake() {
        synchronized (lock) {
            wake = true;
            lock.notifyAll();
        }
    }

    /** Ends the loop (SIGTERM, SIGINT). */
    public void stop() {
        synchronized (lock) {
            stop = true;
            lock.notifyAll();
        }
    }

    public boolean stopped() {
        synchronized (lock) {
            return stop;
        }
    }
}
