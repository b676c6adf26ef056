package sockkill.core;

import java.io.IOException;
import java.util.function.Consumer;

import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;

/**
 * The "list" use case: the sockets of one namespace that match a filter, each with its owners,
 * handed on one at a time as the kernel reports them. With a pid in the owner scope only that
 * process's sockets are listed, and only its fds are read.
 */
public final class SocketListing {
    private final ProcFs proc;

    public SocketListing(ProcFs proc) {
        this.proc = proc;
    }

    public void list(SocketDiscovery discovery, SocketFilter filter, OwnerScope scope, Consumer<ListedSocket> sink,
            Consumer<DiscoveryNote> notes) throws IOException, Problem {
        lister(scope).list(discovery, filter, sink, notes);
    }

    /**
     * Lists namespace after namespace ({@code list --all-netns}) with the owners read once: socket
     * inodes are unique across namespaces, and reading every process's fds is the expensive part.
     */
    public Lister lister(OwnerScope scope) throws IOException, Problem {
        return new Lister(owners(scope), ours(), scope);
    }

    /** The owners of one listing, read once; {@link #list} runs in as many namespaces as needed. */
    public static final class Lister {
        private final SocketOwners owners;
        private final SocketOwners ours;
        private final boolean onlyHeld;
        private final boolean attach;

        private Lister(SocketOwners owners, SocketOwners ours, OwnerScope scope) {
            this.owners = owners;
            this.ours = ours;
            this.onlyHeld = scope.pid().isPresent();
            this.attach = scope.lookUp();
        }

        public void list(SocketDiscovery discovery, SocketFilter filter, Consumer<ListedSocket> sink,
                Consumer<DiscoveryNote> notes) throws IOException {
            discovery.discover(filter, s -> {
                if ((!onlyHeld || owners.holds(s.inode())) && !ours.holds(s.inode())) {
                    sink.accept(new ListedSocket(s, attach ? owners.of(s.inode()) : null));
                }
            }, notes);
        }
    }

    /**
     * The sockets sockkill itself holds, which a listing leaves out as ss does: the JVM's own (NIO
     * keeps one end of a UNIX socketpair open once any file channel was used) and sockkill's.
     */
    private SocketOwners ours() {
        try {
            return SocketOwners.scanPid(proc, (int) ProcessHandle.current().pid());
        } catch (IOException e) {
            return SocketOwners.none();
        }
    }

    private SocketOwners owners(OwnerScope scope) throws IOException, Problem {
        if (!scope.lookUp()) {
            return SocketOwners.none();
        }
        if (scope.pid().isEmpty()) {
            return SocketOwners.scanAll(proc);
        }
        return ProcessSockets.of(proc, scope.pid().getAsInt());
    }
}
