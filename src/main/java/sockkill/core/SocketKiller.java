package sockkill.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import sockkill.proc.FdLink;
import sockkill.proc.FdOwner;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * The kill use cases: {@code inode N} and {@code pid P fd F}. Only the socket asked for is ever
 * destroyed: it is identified by inode, and the destroy carries the cookie the kernel reported
 * for that inode, so a socket that closed meanwhile (or whose tuple was reused) is "already gone".
 * "Already gone" is said only of a socket no table holds any more: one the kernel's destroy cannot
 * reach is reported as such (exit 4).
 */
public final class SocketKiller {
    private final ProcFs proc;
    private final KillOptions options;
    private final Function<NetworkNamespace, NamespaceSession> sessions;
    private final Lookups direct;
    private final AuditedAttempt audit;
    private final ShutdownFallback shutdown;

    public SocketKiller(ProcFs proc, KillOptions options) {
        this(proc, options, NamespaceSession::open);
    }

    /** With another way to open a namespace's session: tests script the kernel's side. */
    SocketKiller(ProcFs proc, KillOptions options, Function<NetworkNamespace, NamespaceSession> sessions) {
        this.proc = proc;
        this.options = options;
        this.sessions = sessions;
        this.audit = new AuditedAttempt(options);
        this.shutdown = new ShutdownFallback(proc, options.dryRun());
        this.direct = new Lookups() {
            @Override
            public Optional<SocketEntry> find(NamespaceSession session, long inode) throws IOException {
                return new SocketLocator(session).byInode(inode);
            }

            @Override
            public NamespaceSearch.Plan namespaces() throws IOException {
                return NamespaceSearch.Plan.scan(proc);
            }

            @Override
            public SocketOwners holders() throws IOException {
                return SocketOwners.scanAll(proc);
            }
        };
    }

    /**
     * Where {@code inode N} targets are looked up: one scan per question for a single kill, one
     * dump of each namespace for a whole batch ({@link BatchKiller}).
     */
    interface Lookups {
        Optional<SocketEntry> find(NamespaceSession session, long inode) throws IOException;

        /** What {@code --all-netns} searches. */
        NamespaceSearch.Plan namespaces() throws IOException;

        /** Who holds which socket: the last resort for a socket in no namespace searched. */
        SocketOwners holders() throws IOException;
    }

    KillOptions options() {
        return options;
    }

    ProcFs proc() {
        return proc;
    }

    /** Kills the socket with {@code inode} in {@code namespace}. */
    public KillReport killInode(long inode, NetworkNamespace namespace) throws IOException, Problem {
        return killInode(inode, namespace, direct);
    }

    KillReport killInode(long inode, NetworkNamespace namespace, Lookups lookups) throws IOException, Problem {
        try (NamespaceSession session = sessions.apply(namespace)) {
            Optional<SocketEntry> found;
            try {
                found = lookups.find(session, inode);
            } catch (IOException e) {
                throw explain(namespace, e);
            }
            if (found.isPresent()) {
                return kill(session, "inode " + inode, new ListedSocket(found.get(), null), null);
            }
        }
        // In none of the namespace's tables: a socket whose holder vouches for it is alive all the same.
        for (FdOwner owner : lookups.holders().of(inode)) {
            try (FdHolder holder = FdHolder.of(proc, owner.pid(), owner.fd(), inode)) {
                Optional<NetworkNamespace> own = holder.socketNamespace();
                if (own.isEmpty()) {
                    continue;
                }
                long theirs;
                try (NetworkNamespace ns = own.get()) {
                    theirs = ns.inode();
                }
                if (theirs == namespace.inode()) {
                    return inNoTable("inode " + inode, holder);
                }
                throw new Problem(Problem.Kind.NOT_FOUND, "no socket with inode " + inode + " in " + namespace
                        + ": it lives in another network namespace (held by pid " + owner.pid() + " fd " + owner.fd()
                        + "); --all-netns finds it there");
            }
        }
        throw new Problem(Problem.Kind.NOT_FOUND, "no socket with inode " + inode + " in " + namespace
                + " (already gone?); --all-netns searches every namespace");
    }

    /**
     * Kills the socket with {@code inode} wherever it is: sockkill's own namespace, every one some
     * process holds, every one a bind mount keeps, each once; and, when none of them has it, the
     * namespace its holder's socket says it lives in.
     */
    public KillReport killInodeAnywhere(long inode) throws IOException, Problem {
        return killInodeAnywhere(inode, direct);
    }

    KillReport killInodeAnywhere(long inode, Lookups lookups) throws IOException, Problem {
        String target = "inode " + inode;
        NamespaceSearch search = new NamespaceSearch(lookups.namespaces());
        NamespaceSearch.Visitor<KillReport> findAndKill = session -> {
            Optional<SocketEntry> found = lookups.find(session, inode);
            return found.isEmpty() ? Optional.empty()
                    : Optional.of(killFound(session, target, new ListedSocket(found.get(), null), null));
        };
        try {
            Optional<KillReport> r = search.search(findAndKill);
            if (r.isPresent()) {
                return r.get();
            }
            // In no namespace a process or a mount keeps: ask whoever holds the socket where it lives.
            FdOwner unasked = null;
            for (FdOwner owner : lookups.holders().of(inode)) {
                try (FdHolder holder = FdHolder.of(proc, owner.pid(), owner.fd(), inode)) {
                    Optional<NetworkNamespace> own = holder.socketNamespace();
                    if (own.isEmpty()) {
                        unasked = unasked == null ? owner : unasked;
                        continue;
                    }
                    r = search.visitExtra(own.get(), session -> {
                        Optional<SocketEntry> found = lookups.find(session, inode);
                        return found.isEmpty() ? Optional.empty() : Optional.of(killFound(session, target,
                                new ListedSocket(found.get(), List.of(holder.owner())), holder));
                    });
                    if (r.isPresent()) {
                        return r.get();
                    }
                    return inNoTable(target, holder);
                }
            }
            if (unasked != null) {
                throw new Problem(Problem.Kind.PERMISSION, "inode " + inode + " is held by pid " + unasked.pid() + " (fd "
                        + unasked.fd() + ") but is in none of the " + search.searchedCount() + " network namespaces "
                        + "searched; asking the socket where it lives (SIOCGSKNS) " + Privileges.ofSelf().needs(
                        Kernel.CAP_NET_ADMIN, "to ask, and ptrace rights over pid " + unasked.pid()));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        throw search.notFound("socket with inode " + inode);
    }

    /**
     * {@link #kill} inside a namespace search: a failure of the kill is the answer, not a failure
     * of searching that namespace, so it must not be taken for one.
     */
    private KillReport killFound(NamespaceSession session, String target, ListedSocket listed, FdHolder holder)
            throws Problem {
        try {
            return kill(session, target, listed, holder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the socket behind {@code fd} of process {@code pid}, in the network namespace it lives in. */
    public KillReport killFd(int pid, int fd) throws IOException, Problem {
        return killFd(pid, fd, -1);
    }

    /**
     * As {@link #killFd(int, int)}, but only the socket with inode {@code expectedInode} (when it is
     * not -1): the one a diagnosis saw behind the fd, or the one {@code pid P fd F --inode N} names.
     * If the fd was closed or now holds another file meanwhile, nothing is killed and the answer is
     * NOT_FOUND: a client that reconnects after a kill often gets the same fd number back, and a
     * second run of the same command would kill the new connection.
     */
    public KillReport killFd(int pid, int fd, long expectedInode) throws IOException, Problem {
        String target = "pid " + pid + " fd " + fd;
        FdLink link = SocketFds.socket(proc, pid, fd, expectedInode, SocketKiller::noRightsToRead);
        try (FdHolder holder = FdHolder.of(proc, pid, fd, link.inode())) {
            Optional<NetworkNamespace> own = holder.socketNamespace();
            NetworkNamespace ns = own.orElseGet(() -> NetworkNamespace.ofPid(pid));
            try (NamespaceSession session = sessions.apply(ns)) {
                Optional<SocketEntry> found;
                try {
                    found = locateFast(session, holder);
                    if (found.isEmpty() && holder.isMptcp()) {
                        // Not among the MPTCP sockets: its TCP subflow, if any, carries its inode, and destroying
                        // that would not wake the process. Never scan for it.
                        boolean undumpable = !new SocketLocator(session).dumpable(Netid.MPTCP);
                        return undumpable ? mptcpUndumpable(target, holder) : inNoTable(target, holder);
                    }
                    if (found.isEmpty()) {
                        found = new SocketLocator(session).byInode(link.inode());
                    }
                } catch (IOException e) {
                    throw explain(ns, e);
                }
                if (found.isPresent()) {
                    return kill(session, target, new ListedSocket(found.get(), List.of(holder.owner())), holder);
                }
            }
            if (own.isPresent()) {
                // The socket says it lives there, and no table there holds it.
                return inNoTable(target, holder);
            }
            return killOutsideHolderNamespace(target, holder, link, ns);
        }
    }

    /**
     * A socket not in its holder's namespace ({@code searched}), where the socket itself could not
     * be asked where it lives: it may have been made before a setns. Every other namespace is searched.
     */
    private KillReport killOutsideHolderNamespace(String target, FdHolder holder, FdLink link, NetworkNamespace searched)
            throws IOException, Problem {
        long inode = link.inode();
        NamespaceSearch search = new NamespaceSearch(direct.namespaces());
        search.markSearched(searched.inode());
        Optional<KillReport> r;
        try {
            r = search.search(session -> {
                Optional<SocketEntry> found = new SocketLocator(session).byInode(inode);
                return found.isEmpty() ? Optional.empty() : Optional.of(killFound(session, target,
                        new ListedSocket(found.get(), List.of(holder.owner())), holder));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (r.isPresent()) {
            return r.get();
        }
        int pid = holder.owner().pid();
        int fd = holder.owner().fd();
        if (!readLink(pid, fd).target().equals(link.target())) {
            throw new Problem(Problem.Kind.NOT_FOUND, "socket already gone: pid " + pid + " closed fd " + fd);
        }
        if (holder.refusedForRights()) {
            throw new Problem(Problem.Kind.PERMISSION, "fd " + fd + " of pid " + pid + " (inode " + inode + ") is in "
                    + "none of the socket tables sockkill could search, and asking the socket itself where it "
                    + "lives " + Privileges.ofSelf().needsPtrace("over pid " + pid));
        }
        throw new Problem(Problem.Kind.UNSUPPORTED, "fd " + fd + " of pid " + pid + " (inode " + inode + ") is a "
                + "socket in none of the kernel's TCP, UDP, MPTCP, raw or UNIX tables that sockkill could search "
                + "(not bound or connected, another kind of socket, or in a namespace it cannot reach); the "
                + "kernel cannot destroy it from here");
    }

    private FdLink readLink(int pid, int fd) throws IOException, Problem {
        return SocketFds.link(proc, pid, fd, SocketKiller::noRightsToRead);
    }

    private static String noRightsToRead(int pid) {
        return "cannot read the fds of pid " + pid + ": " + Privileges.ofSelf().needsPtrace("to read them");
    }

    /**
     * The fast path: the duplicate tells the socket's family, protocol and tuple, and the kernel
     * looks that tuple up without a dump. Empty when this cannot work (no duplicate, a listener
     * sharing its port...); the caller then scans.
     */
    private Optional<SocketEntry> locateFast(NamespaceSession session, FdHolder holder) throws IOException, Problem {
        if (holder.dup().isEmpty()) {
            return Optional.empty();
        }
        ForeignFd dup = holder.dup().get();
        int domain = dup.domain();
        if (domain != Kernel.AF_UNIX && domain != Kernel.AF_INET && domain != Kernel.AF_INET6) {
            throw new Problem(Problem.Kind.UNSUPPORTED, "fd " + holder.owner().fd() + " of pid " + holder.owner().pid()
                    + " is a " + domainName(domain) + " socket; sockkill kills TCP, UDP, MPTCP and raw sockets");
        }
        return new SocketLocator(session).byDuplicate(dup);
    }

    private static String domainName(int domain) {
        return switch (domain) {
            case 16 -> "netlink";
            case 17 -> "packet";
            case 40 -> "vsock";
            case 44 -> "XDP";
            default -> "family " + domain;
        };
    }

    /**
     * A live socket (its holder's duplicate says so) that no table of its namespace holds: never
     * bound nor connected, or bound TCP on a kernel that does not dump such sockets. The kernel's
     * destroy looks sockets up in those tables, so it cannot reach it.
     */
    private KillReport inNoTable(String target, FdHolder holder) throws IOException, Problem {
        return audited(target, holder, () -> inNoTableUnaudited(target, holder));
    }

    private KillReport inNoTableUnaudited(String target, FdHolder holder) throws IOException, Problem {
        FdOwner owner = holder.owner();
        Optional<SocketEntry> described = holder.describeInet();
        if (described.isEmpty()) {
            int domain = holder.domain().orElse(-1);
            throw new Problem(Problem.Kind.UNSUPPORTED, "fd " + owner.fd() + " of pid " + owner.pid() + " is a "
                    + (domain == Kernel.AF_UNIX ? "UNIX" : domainName(domain)) + " socket in none of the kernel's "
                    + "socket tables; sockkill cannot kill it");
        }
        SocketEntry s = described.get();
        ListedSocket listed = new ListedSocket(s, List.of(owner));
        String what = s.localPort() == 0 ? "neither bound nor connected"
                : "bound to port " + s.localPort() + " but neither listening nor connected";
        Problem refusal = new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + SocketDestroyer.describe(s)
                + " (fd " + owner.fd() + " of pid " + owner.pid() + "): it is " + what + ", so it is in none of the "
                + "kernel's socket tables and the kernel cannot destroy it; --fallback=shutdown shuts it down through "
                + "its holder's fd instead", listed);
        if (!options.shutdownFallback()) {
            throw refusal;
        }
        return shutdown.shutDown(target, listed, holder);
    }

    private KillReport mptcpUndumpable(String target, FdHolder holder) throws IOException, Problem {
        return audited(target, holder, () -> mptcpUndumpableUnaudited(target, holder));
    }

    private KillReport mptcpUndumpableUnaudited(String target, FdHolder holder) throws IOException, Problem {
        SocketEntry s = holder.describeInet().orElseThrow();
        ListedSocket listed = new ListedSocket(s, List.of(holder.owner()));
        if (!options.shutdownFallback()) {
            throw new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + SocketDestroyer.describe(s) + " (fd "
                    + holder.owner().fd() + " of pid " + holder.owner().pid() + "): this kernel cannot dump MPTCP "
                    + "sockets (CONFIG_INET_MPTCP_DIAG), and destroying its TCP subflow would not wake the process; "
                    + "--fallback=shutdown shuts it down through its holder's fd instead", listed);
        }
        return shutdown.shutDown(target, listed, holder);
    }

    /**
     * Kills {@code listed} in {@code session}'s namespace (or with --dry-run checks that it could),
     * and reports the attempt to the audit trail: what became of it, or why it failed.
     */
    KillReport kill(NamespaceSession session, String target, ListedSocket listed, FdHolder holder)
            throws IOException, Problem {
        return audit.run(target, Namespaces.refOf(session.namespace()), listed,
                () -> attempt(session, target, listed, holder));
    }

    /** An attempt that did not go through {@link #kill}: audited the same way, its namespace the holder's. */
    private KillReport audited(String target, FdHolder holder, AuditedAttempt.Attempt attempt)
            throws IOException, Problem {
        NetnsRef netns = null;
        Optional<NetworkNamespace> own = holder.socketNamespace();
        if (own.isPresent()) {
            try (NetworkNamespace ns = own.get()) {
                netns = Namespaces.refOf(ns);
            }
        }
        return audit.run(target, netns, null, attempt);
    }

    private KillReport attempt(NamespaceSession session, String target, ListedSocket listed, FdHolder holder)
            throws IOException, Problem {
        SocketEntry s = listed.socket();
        if (s.netid().isUnix()) {
            if (!options.shutdownFallback()) {
                throw new SocketProblem(Problem.Kind.UNSUPPORTED, target + " is a UNIX socket ("
                        + SocketDestroyer.describe(s) + "); the kernel cannot destroy UNIX sockets. "
                        + "--fallback=shutdown shuts it down instead: its process then sees end-of-file", listed);
            }
            return shutdown.shutDown(target, listed, holder);
        }
        SocketDestroyer destroyer = new SocketDestroyer(session, new SocketLocator(session));
        try {
            if (options.dryRun()) {
                destroyer.check(listed);
                return new KillReport(target, KillOutcome.FOUND, listed, "dry run: nothing was killed");
            }
            return new KillReport(target, KillOutcome.KILLED, listed, destroyer.destroy(listed));
        } catch (Problem p) {
            // where the kernel cannot destroy it, or will not let sockkill (no CAP_NET_ADMIN: a user
            // freeing a program of their own has ptrace rights over it, which a shutdown needs)
            boolean refused = p.kind() == Problem.Kind.UNSUPPORTED
                    || p.kind() == Problem.Kind.PERMISSION && p instanceof SocketProblem;
            if (refused && options.shutdownFallback()) {
                return shutdown.shutDown(target, listed, holder);
            }
            throw p;
        }
    }

    /** A failure to reach the namespace becomes the Problem that says what to do; others come back. */
    private static IOException explain(NetworkNamespace ns, IOException e) throws Problem {
        if (NamespaceSession.explain(ns, e) instanceof Problem p) {
            throw p;
        }
        return e;
    }
}
