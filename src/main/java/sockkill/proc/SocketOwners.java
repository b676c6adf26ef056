package sockkill.proc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** Owners among all processes; those that vanish or may not be read are passed over, as ss does. */
    public static SocketOwners scanAll(ProcFs proc) throws IOException {
        return scan(proc, proc.pids(), false);
    }

    /** Owners within one process; unlike {@link #scanAll} a missing or unreadable process is an error. */
    public static SocketOwners scanPid(ProcFs proc, int pid) throws IOException {
        return scan(proc, List.of(pid), true);
    }

    private static SocketOwners scan(ProcFs proc, Collection<Integer> pids, boolean strict) throws IOException {
        Map<Long, List<FdOwner>> byInode = new HashMap<>();
        Map<Integer, String> comms = new HashMap<>();
        for (int pid : pids) {
            try {
                proc.socketFds(pid, (p, fd, inode) -> {
                    String comm = comms.computeIfAbsent(p, proc::comm);
                    byInode.computeIfAbsent(inode, k -> new ArrayList<>(1)).add(new FdOwner(p, fd, comm));
                });
            } catch (NoSuchProcessException | AccessDeniedException e) {
                if (strict) {
                    throw e;
                }
            }
        }
        return new SocketOwners(byInode);
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
