package sockkill.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import sockkill.proc.SocketOwners;
import sockkill.sys.NetworkNamespace;

/**
 * The kills of a batch ({@code sockkill - < targets}). {@code inode N} lines are answered from one
 * dump of each namespace (an {@link InodeIndex}) instead of a dozen dumps per line: 20,000 lines
 * naming sockets that are gone cost one pass over the tables, not 20,000. The index is a snapshot:
 * a line that finds nothing in one older than a second has it taken again first, so a socket made
 * after the batch started is still found (on a host whose tables take long to read, it waits until
 * rereading them costs at most a fifth of the time). The kill itself is the single kill's: the exact
 * sockid and cookie, confirmed afterwards.
 *
 * <p>An inode is a 32-bit number the kernel reuses: once a line of the batch has killed the socket
 * with inode N, a later line naming N again is answered "already gone", and never reaches a newer
 * socket that happens to have the same number.
 */
public final class BatchKiller {
    private static final long STALE_NANOS = 1_000_000_000L;

    private final SocketKiller killer;
    private final LongSupplier clock;
    private final Map<Long, InodeIndex> indexes = new HashMap<>();
    private final Set<Long> killed = new HashSet<>();
    private NamespaceSearch.Plan plan;
    private SocketOwners holders;
    /** System.nanoTime() when the oldest cached snapshot was taken; meaningless while nothing is cached. */
    private long since;
    private boolean cached;
    /** Nanoseconds spent taking the cached snapshots. */
    private long cost;

    public BatchKiller(SocketKiller killer) {
        this(killer, System::nanoTime);
    }

    BatchKiller(SocketKiller killer, LongSupplier clock) {
        this.killer = killer;
        this.clock = clock;
    }

    private final SocketKiller.Lookups lookups = new SocketKiller.Lookups() {
        @Override
        public Optional<SocketEntry> find(NamespaceSession session, long inode) throws IOException {
            long namespace = session.namespace().inode();
            InodeIndex index = indexes.get(namespace);
            if (index == null) {
                long start = clock.getAsLong();
                index = InodeIndex.build(session);
                indexes.put(namespace, index);
                taken(start);
            }
            return index.find(session, inode);
        }

        @Override
        public NamespaceSearch.Plan namespaces() throws IOException {
            if (plan == null) {
                long start = clock.getAsLong();
                plan = NamespaceSearch.Plan.scan(killer.proc());
                taken(start);
            }
            return plan;
        }

        @Override
        public SocketOwners holders() throws IOException {
            if (holders == null) {
                long start = clock.getAsLong();
                holders = SocketOwners.scanAll(killer.proc());
                taken(start);
            }
            return holders;
        }
    };

    /** Notes a snapshot begun at {@code start}: the oldest one dates the cache, each adds its cost. */
    private void taken(long start) {
        if (!cached) {
            cached = true;
            since = start;
            cost = 0;
        }
        cost += clock.getAsLong() - start;
    }

    /** {@code inode N} in {@code namespace}. */
    public KillReport killInode(long inode, NetworkNamespace namespace) throws IOException, Problem {
        return once(inode, () -> killer.killInode(inode, namespace, lookups));
    }

    /** {@code inode N} with {@code --all-netns}. */
    public KillReport killInodeAnywhere(long inode) throws IOException, Problem {
        return once(inode, () -> killer.killInodeAnywhere(inode, lookups));
    }

    /** {@code pid P fd F}: the single kill's fast path; the inode it kills counts as killed for later lines. */
    public KillReport killFd(int pid, int fd) throws IOException, Problem {
        KillReport r = killer.killFd(pid, fd);
        remember(r);
        return r;
    }

    @FunctionalInterface
    private interface Kill {
        KillReport run() throws IOException, Problem;
    }

    private KillReport once(long inode, Kill kill) throws IOException, Problem {
        if (killed.contains(inode)) {
            throw new Problem(Problem.Kind.NOT_FOUND, "socket already gone: inode " + inode + " was killed by an "
                    + "earlier line of this batch (a newer socket with the same number is left alone)");
        }
        KillReport r;
        try {
            r = kill.run();
        } catch (Problem p) {
            if (p.kind() != Problem.Kind.NOT_FOUND || p instanceof SocketProblem || !stale()) {
                throw p;
            }
            forget();
            r = kill.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        remember(r);
        return r;
    }

    private void remember(KillReport r) {
        if (r.outcome() == KillOutcome.KILLED) {
            killed.add(r.socket().socket().inode());
        }
    }

    /**
     * Over a second old, and old enough that taking it again costs at most a fifth of the time: on a
     * host whose tables take long to read, a batch of misses is not spent rereading them.
     */
    private boolean stale() {
        return cached && clock.getAsLong() - since > Math.max(STALE_NANOS, 5 * cost);
    }

    private void forget() {
        indexes.clear();
        plan = null;
        holders = null;
        cached = false;
    }
}
