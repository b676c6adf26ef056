package sockkill.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import sockkill.proc.NoSuchProcessException;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;

/**
 * The "list" use case: the sockets of one namespace that match a filter, each with its owners.
 * With a pid in the owner scope only that process's sockets are listed, and only its fds are read.
 */
public final class SocketListing {
    private final ProcFs proc;

    public SocketListing(ProcFs proc) {
        this.proc = proc;
    }

    public List<ListedSocket> list(SocketDiscovery discovery, SocketFilter filter, OwnerScope scope,
            Consumer<DiscoveryNote> notes) throws IOException, Problem {
        SocketOwners owners = owners(scope);
        List<SocketEntry> sockets = discovery.discover(filter, notes);
        List<ListedSocket> out = new ArrayList<>(sockets.size());
        for (SocketEntry s : sockets) {
            if (scope.pid().isPresent() && !owners.holds(s.inode())) {
                continue;
            }
            out.add(new ListedSocket(s, scope.lookUp() ? owners.of(s.inode()) : null));
        }
        return out;
    }

    private SocketOwners owners(OwnerScope scope) throws IOException, Problem {
        if (!scope.lookUp()) {
            return SocketOwners.none();
        }
        if (scope.pid().isEmpty()) {
            return SocketOwners.scanAll(proc);
        }
        int pid = scope.pid().getAsInt();
        try {
            return SocketOwners.scanPid(proc, pid);
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + pid);
        } catch (AccessDeniedException e) {
            throw new Problem(Problem.Kind.PERMISSION, "cannot read the fds of pid " + pid
                    + ": run as its owner or as root");
        }
    }
}
