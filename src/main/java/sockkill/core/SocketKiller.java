package sockkill.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.SockId;
import sockkill.proc.FdLink;
import sockkill.proc.FdOwner;
import sockkill.proc.NetnsHolders;
import sockkill.proc.NoSuchFdException;
import sockkill.proc.NoSuchProcessException;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;
import sockkill.sys.Sockaddr;

/**
 * The kill use cases: {@code inode N} and {@code pid P fd F}. Only the socket asked for is ever
 * destroyed: it is identified by inode, and the destroy carries the cookie the kernel reported
 * for that inode, so a socket that closed meanwhile (or whose tuple was reused) is "already gone".
 */
public final class SocketKiller {
    private final ProcFs proc;
    private final KillOptions options;

    public SocketKiller(ProcFs proc, KillOptions options) {
        this.proc = proc;
        this.options = options;
    }

    /** Kills the socket with {@code inode} in {@code namespace}. */
    public KillReport killInode(long inode, NetworkNamespace namespace) throws IOException, Problem {
        try {
            return killInode(inode, List.of(namespace));
        } catch (Problem p) {
            if (p.kind() != Problem.Kind.NOT_FOUND || p instanceof SocketProblem) {
                throw p;
            }
            throw new Problem(Problem.Kind.NOT_FOUND, "no socket with inode " + inode + " in " + namespace
                    + " (already gone?); --all-netns searches every namespace");
        }
    }

    /** Kills the socket with {@code inode} wherever it is: every namespace some process holds, each once. */
    public KillReport killInodeAnywhere(long inode) throws IOException, Problem {
        return killInode(inode, allNamespaces());
    }

    private KillReport killInode(long inode, List<NetworkNamespace> namespaces) throws IOException, Problem {
        String target = "inode " + inode;
        for (NetworkNamespace ns : namespaces) {
            try (NamespaceSession session = NamespaceSession.open(ns)) {
                Optional<SocketEntry> found;
                try {
                    found = new SocketLocator(session).byInode(inode);
                } catch (IOException e) {
                    throw explain(ns, e);
                }
                if (found.isPresent()) {
                    return kill(session, target, new ListedSocket(found.get(), null), Optional.empty());
                }
            }
        }
        throw new Problem(Problem.Kind.NOT_FOUND, "no socket with inode " + inode + " in any network namespace ("
                + namespaces.size() + " searched; already gone?)");
    }

    /** Every network namespace some process holds, each once, ours first. */
    private List<NetworkNamespace> allNamespaces() throws IOException {
        List<NetworkNamespace> out = new ArrayList<>();
        out.add(NetworkNamespace.current());
        long ours = NetworkNamespace.current().inode();
        for (Map.Entry<Long, Integer> e : NetnsHolders.scan(proc).entrySet()) {
            if (e.getKey() != ours) {
                out.add(NetworkNamespace.ofPid(e.getValue()));
            }
        }
        return out;
    }

    /** Kills the socket behind {@code fd} of process {@code pid}, in the network namespace it lives in. */
    public KillReport killFd(int pid, int fd) throws IOException, Problem {
        return killFd(pid, fd, -1);
    }

    /**
     * As {@link #killFd(int, int)}, but only the socket with inode {@code expectedInode} (when it is
     * not -1): the one a diagnosis saw behind the fd. If the fd was closed or now holds another file
     * meanwhile, nothing is killed and the answer is NOT_FOUND.
     */
    public KillReport killFd(int pid, int fd, long expectedInode) throws IOException, Problem {
        String target = "pid " + pid + " fd " + fd;
        FdLink link;
        try {
            link = readLink(pid, fd);
        } catch (Problem p) {
            if (expectedInode < 0 || p.kind() != Problem.Kind.NO_SUCH_PROCESS) {
                throw p;
            }
            throw new Problem(Problem.Kind.NOT_FOUND, "socket already gone: " + p.getMessage() + " any more; "
                    + "nothing was killed");
        }
        if (expectedInode >= 0 && (!link.isSocket() || link.inode() != expectedInode)) {
            throw new Problem(Problem.Kind.NOT_FOUND, "socket already gone: fd " + fd + " of pid " + pid
                    + " no longer holds socket inode " + expectedInode + " (it is now " + link.target()
                    + "); nothing was killed");
        }
        if (!link.isSocket()) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "fd " + fd + " of pid " + pid + " is not a socket (it is "
                    + link.target() + ")");
        }
        long inode = link.inode();
        FdOwner owner = new FdOwner(pid, fd, proc.comm(pid));
        NetworkNamespace ns = NetworkNamespace.ofPid(pid);
        try (NamespaceSession session = NamespaceSession.open(ns)) {
            Optional<SocketEntry> found;
            try {
                found = locateFast(session, pid, fd, inode);
                if (found.isEmpty()) {
                    found = new SocketLocator(session).byInode(inode);
                }
            } catch (IOException e) {
                throw explain(ns, e);
            }
            if (found.isPresent()) {
                return kill(session, target, new ListedSocket(found.get(), List.of(owner)), Optional.of(owner));
            }
        }
        // A socket may belong to another namespace than its holder's (made before a setns).
        List<NetworkNamespace> others = allNamespaces();
        others.removeIf(n -> n.file().equals(ns.file()));
        try {
            KillReport r = killInode(inode, others);
            return new KillReport(target, r.outcome(), new ListedSocket(r.socket().socket(), List.of(owner)), r.detail());
        } catch (Problem p) {
            if (p.kind() != Problem.Kind.NOT_FOUND) {
                throw p;
            }
            throw new Problem(Problem.Kind.NOT_FOUND, "socket already gone: fd " + fd + " of pid " + pid + " (inode "
                    + inode + ") is in none of the kernel's TCP, UDP, raw or UNIX tables (its connection was torn "
                    + "down, or it is another kind of socket)");
        }
    }

    private FdLink readLink(int pid, int fd) throws IOException, Problem {
        try {
            return proc.fd(pid, fd);
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + pid);
        } catch (NoSuchFdException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "pid " + pid + " has no fd " + fd);
        } catch (AccessDeniedException e) {
            throw new Problem(Problem.Kind.PERMISSION, "cannot read the fds of pid " + pid
                    + ": run as its owner or as root");
        }
    }

    /**
     * The fast path: a duplicate of the fd tells the socket's family, protocol and tuple, and the
     * kernel looks that tuple up without a dump. Empty when this cannot work (no ptrace rights,
     * kernel before 5.6, a listener sharing its port...); the caller then scans.
     */
    private Optional<SocketEntry> locateFast(NamespaceSession session, int pid, int fd, long inode)
            throws IOException, Problem {
        try (ForeignFd dup = ForeignFd.take(pid, fd)) {
            if (FdLink.socketInode(dup.linkTarget()) != inode) {
                return Optional.empty();
            }
            int domain = dup.domain();
            SocketLocator locator = new SocketLocator(session);
            if (domain == Kernel.AF_UNIX) {
                return session.diag().lookupUnix(inode).map(DiagDiscovery::toEntry);
            }
            if (domain != Kernel.AF_INET && domain != Kernel.AF_INET6) {
                throw new Problem(Problem.Kind.UNSUPPORTED, "fd " + fd + " of pid " + pid + " is a "
                        + domainName(domain) + " socket; sockkill kills TCP, UDP and raw sockets");
            }
            Netid netid;
            try {
                netid = Netid.inetOfProtocol(dup.protocol());
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
            if (netid == Netid.MPTCP || netid == Netid.RAW) {
                return Optional.empty();
            }
            Sockaddr local = dup.localAddress();
            Sockaddr peer = dup.peerAddress(domain);
            SockId tuple = new SockId(local.port(), peer.port(), local.address(), peer.address(), local.scopeId(),
                    Kernel.INET_DIAG_NOCOOKIE);
            return locator.byTuple(netid, domain, tuple, inode);
        } catch (NativeException e) {
            if (e.is(Errno.EPERM) || e.is(Errno.ENOSYS) || e.is(Errno.EBADF) || e.is(Errno.ESRCH)) {
                return Optional.empty();
            }
            throw e;
        }
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

    private KillReport kill(NamespaceSession session, String target, ListedSocket listed, Optional<FdOwner> holder)
            throws IOException, Problem {
        SocketEntry s = listed.socket();
        if (s.netid().isUnix()) {
            if (!options.shutdownFallback()) {
                throw new SocketProblem(Problem.Kind.UNSUPPORTED, target + " is a UNIX socket ("
                        + SocketDestroyer.describe(s) + "); the kernel cannot destroy UNIX sockets. "
                        + "--fallback=shutdown shuts it down instead: its process then sees end-of-file", listed);
            }
            return shutDown(target, listed, holder);
        }
        SocketDestroyer destroyer = new SocketDestroyer(session, new SocketLocator(session));
        if (options.dryRun()) {
            destroyer.killableId(listed);
            return new KillReport(target, KillOutcome.FOUND, listed, "dry run: nothing was killed");
        }
        try {
            return new KillReport(target, KillOutcome.KILLED, listed, destroyer.destroy(listed));
        } catch (Problem p) {
            if (p.kind() == Problem.Kind.UNSUPPORTED && options.shutdownFallback()) {
                return shutDown(target, listed, holder);
            }
            throw p;
        }
    }

    /** shutdown(SHUT_RDWR) through a duplicate of a holder's fd: the weaker, opt-in way. */
    private KillReport shutDown(String target, ListedSocket listed, Optional<FdOwner> holder)
            throws IOException, Problem {
        SocketEntry s = listed.socket();
        FdOwner owner = holder.isPresent() ? holder.get() : anyHolder(listed);
        ListedSocket withOwner = new ListedSocket(s, listed.owners() != null ? listed.owners() : List.of(owner));
        if (options.dryRun()) {
            return new KillReport(target, KillOutcome.FOUND, withOwner, "dry run: would shut it down through fd "
                    + owner.fd() + " of pid " + owner.pid());
        }
        try (ForeignFd dup = ForeignFd.take(owner.pid(), owner.fd())) {
            if (FdLink.socketInode(dup.linkTarget()) != s.inode()) {
                throw new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: fd " + owner.fd() + " of pid "
                        + owner.pid() + " no longer holds inode " + s.inode(), withOwner);
            }
            dup.shutdown();
        } catch (NativeException e) {
            if (e.is(Errno.EPERM)) {
                throw new SocketProblem(Problem.Kind.PERMISSION, "permission denied: shutting down a socket of pid "
                        + owner.pid() + " needs ptrace rights over it (CAP_SYS_PTRACE); run as root", withOwner);
            }
            if (e.is(Errno.ESRCH) || e.is(Errno.EBADF)) {
                throw new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: pid " + owner.pid()
                        + " closed fd " + owner.fd(), withOwner);
            }
            throw e;
        }
        return new KillReport(target, KillOutcome.SHUT_DOWN, withOwner,
                "shut down, not destroyed: the process sees end-of-file rather than an abort");
    }

    private FdOwner anyHolder(ListedSocket listed) throws IOException, Problem {
        List<FdOwner> owners = SocketOwners.scanAll(proc).of(listed.socket().inode());
        if (owners.isEmpty()) {
            throw new SocketProblem(Problem.Kind.NOT_FOUND, "no process holds inode " + listed.socket().inode()
                    + ", so there is no fd to shut it down through", listed);
        }
        return owners.get(0);
    }

    /** A failure to reach the namespace becomes the Problem that says what to do; others come back. */
    private static IOException explain(NetworkNamespace ns, IOException e) throws Problem {
        if (NamespaceSession.explain(ns, e) instanceof Problem p) {
            throw p;
        }
        return e;
    }
}
