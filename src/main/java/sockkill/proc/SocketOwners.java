package sockkill.proc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which processes hold which sockets, from the fd tables in /proc: socket inode to (pid, fd, comm).
 * The kernel keeps no reverse map, so this is a walk over /proc/PID/fd of every process asked about.
 * A busy host holds hundreds of thousands of socket fds, so the index is a few primitive arrays:
 * an open-addressing table from inode to its first holder, and a chain of holders.
 */
public final class SocketOwners {
    private static final SocketOwners NONE = new SocketOwners(new Holders());

    /** Slots of the inode table: a power of two, at most half full. */
    private final long[] slotInode;
    private final int[] slotFirst;
    private final Holders holders;
    private final int inodes;

    private SocketOwners(Holders holders) {
        this.holders = holders;
        int slots = Integer.highestOneBit(Math.max(16, holders.count * 2 - 1)) << 1;
        this.slotInode = new long[slots];
        this.slotFirst = new int[slots];
        Arrays.fill(slotFirst, -1);
        int distinct = 0;
        for (int h = 0; h < holders.count; h++) {
            int slot = slotOf(holders.inode[h]);
            if (slotFirst[slot] < 0) {
                slotInode[slot] = holders.inode[h];
                distinct++;
            } else {
                holders.next[h] = slotFirst[slot];
            }
            slotFirst[slot] = h;
        }
        this.inodes = distinct;
    }

    /** The slot that holds {@code inode}, or the empty one where it would go. */
    private int slotOf(long inode) {
        int mask = slotInode.length - 1;
        int slot = (int) (inode * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (slotFirst[slot] >= 0 && slotInode[slot] != inode) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    public static SocketOwners none() {
        return NONE;
    }

    /**
     * Owners among all processes; those that vanish or may not be read are passed over, as ss does.
     * Reading a socket fd's link costs the kernel a few microseconds, so the processes are shared
     * out among one thread per CPU.
     */
    public static SocketOwners scanAll(ProcFs proc) throws IOException {
        List<Integer> pids = proc.pids();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        AtomicInteger next = new AtomicInteger();
        if (threads == 1 || pids.size() < 2) {
            return new SocketOwners(scan(proc, pids, next, false));
        }
        List<Future<Holders>> parts = new ArrayList<>(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "fd scan");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads - 1; i++) {
                parts.add(pool.submit(() -> scan(proc, pids, next, false)));
            }
            Holders all = scan(proc, pids, next, false);
            for (Future<Holders> part : parts) {
                all.addAll(part.get());
            }
            return new SocketOwners(all);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading fd tables", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("fd scan failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Owners within one process; unlike {@link #scanAll} a missing or unreadable process is an error. */
    public static SocketOwners scanPid(ProcFs proc, int pid) throws IOException {
        return new SocketOwners(scan(proc, List.of(pid), new AtomicInteger(), true));
    }

    /** Scans the processes of {@code pids} whose turn {@code next} hands this caller. */
    private static Holders scan(ProcFs proc, List<Integer> pids, AtomicInteger next, boolean strict)
            throws IOException {
        Holders found = new Holders();
        for (int i = next.getAndIncrement(); i < pids.size(); i = next.getAndIncrement()) {
            int pid = pids.get(i);
            String[] comm = new String[1];
            try {
                proc.socketFds(pid, (p, fd, inode) -> {
                    if (comm[0] == null) {
                        comm[0] = proc.comm(p);
                    }
                    found.add(inode, p, fd, comm[0]);
                });
            } catch (NoSuchProcessException | AccessDeniedException e) {
                if (strict) {
                    throw e;
                }
            }
        }
        return found;
    }

    /** The holders of the socket with this inode, in the order found; empty for none (or inode 0). */
    public List<FdOwner> of(long inode) {
        if (holders.count == 0) {
            return List.of();
        }
        int h = slotFirst[slotOf(inode)];
        if (h < 0) {
            return List.of();
        }
        List<FdOwner> out = new ArrayList<>(1);
        for (; h >= 0; h = holders.next[h]) {
            out.add(0, new FdOwner(holders.pid[h], holders.fd[h], holders.comm[h]));
        }
        return out;
    }

    /** True if some scanned process holds this inode. */
    public boolean holds(long inode) {
        return holders.count > 0 && slotFirst[slotOf(inode)] >= 0;
    }

    /** The number of distinct socket inodes held. */
    public int size() {
        return inodes;
    }

    /** (inode, pid, fd, comm) of each socket fd found, in parallel arrays; comm strings are shared per process. */
    private static final class Holders {
        long[] inode = new long[256];
        int[] pid = new int[256];
        int[] fd = new int[256];
        String[] comm = new String[256];
        int[] next = new int[256];
        int count;

        void add(long i, int p, int f, String c) {
            if (count == inode.length) {
                int n = count * 2;
                inode = Arrays.copyOf(inode, n);
                pid = Arrays.copyOf(pid, n);
                fd = Arrays.copyOf(fd, n);
                comm = Arrays.copyOf(comm, n);
                next = Arrays.copyOf(next, n);
            }
            inode[count] = i;
            pid[count] = p;
            fd[count] = f;
            comm[count] = c;
            next[count] = -1;
            count++;
        }

        void addAll(Holders other) {
            for (int h = 0; h < other.count; h++) {
                add(other.inode[h], other.pid[h], other.fd[h], other.comm[h]);
            }
        }
    }
}
