package sockkill.proc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which processes hold which sockets, from the fd tables in /proc: socket inode to (pid, fd, comm).
 * The kernel keeps no reverse map, so this is a walk over /proc/PID/fd of every process asked about.
 */
public final class SocketOwners {
    private static final SocketOwners NONE = new SocketOwners(Map.of());

    private final Map<Long, List<FdOwner>> byInode;

    private SocketOwners(Map<Long, List<FdOwner>> byInode) {
        this.byInode = byInode;
    }

    public static SocketOwners none() {
        return NONE;
    }

    /**
     * Owners among all processes; those that vanish or may not be read are passed over, as ss does.
     * Reading a socket fd's link costs the kernel a few microseconds, and a big host has hundreds of
     * thousands: the processes are shared out among one thread per CPU.
     */
    public static SocketOwners scanAll(ProcFs proc) throws IOException {
        List<Integer> pids = proc.pids();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        if (threads == 1 || pids.size() < 2) {
            return new SocketOwners(scan(proc, pids, new AtomicInteger(), false));
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<Map<Long, List<FdOwner>>>> parts = new ArrayList<>(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "fd scan");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads - 1; i++) {
                parts.add(pool.submit(() -> scan(proc, pids, next, false)));
            }
            Map<Long, List<FdOwner>> all = scan(proc, pids, next, false);
            for (Future<Map<Long, List<FdOwner>>> part : parts) {
                part.get().forEach((inode, owners) -> all.merge(inode, owners, (a, b) -> {
                    List<FdOwner> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                }));
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
    private static Map<Long, List<FdOwner>> scan(ProcFs proc, List<Integer> pids, AtomicInteger next, boolean strict)
            throws IOException {
        Map<Long, List<FdOwner>> byInode = new HashMap<>();
        for (int i = next.getAndIncrement(); i < pids.size(); i = next.getAndIncrement()) {
            int pid = pids.get(i);
            String[] comm = new String[1];
            try {
                proc.socketFds(pid, (p, fd, inode) -> {
                    if (comm[0] == null) {
                        comm[0] = proc.comm(p);
                    }
                    byInode.computeIfAbsent(inode, k -> new ArrayList<>(1)).add(new FdOwner(p, fd, comm[0]));
                });
            } catch (NoSuchProcessException | AccessDeniedException e) {
                if (strict) {
                    throw e;
                }
            }
        }
        return byInode;
    }

    /** The holders of the socket with this inode; empty for none (or inode 0). */
    public List<FdOwner> of(long inode) {
        List<FdOwner> owners = byInode.get(inode);
        return owners == null ? List.of() : owners;
    }

    /** True if some scanned process holds this inode. */
    public boolean holds(long inode) {
        return byInode.containsKey(inode);
    }

    public int size() {
        return byInode.size();
    }
}
