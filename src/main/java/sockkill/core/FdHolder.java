package sockkill.core;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

import jnr.constants.platform.Errno;
import sockkill.diag.SockId;
import sockkill.proc.FdLink;
import sockkill.proc.FdOwner;
import sockkill.proc.ProcFs;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;
import sockkill.sys.Sockaddr;

/**
 * The process side of {@code pid P fd F}: who holds the socket, and, where sockkill has ptrace
 * rights over it, a duplicate of the fd (pidfd_getfd) through which the socket itself can be asked
 * what it is and where it lives, and shut down.
 *
 * <p>P may be a thread id (what {@code strace -f} prints): the holder shown is its process, and
 * the duplicate is taken from the thread (Linux 6.9) or through its process when their fd tables
 * agree.
 */
final class FdHolder implements Closeable {
    private final FdOwner owner;
    private final long inode;
    private final ForeignFd dup;
    /** Why there is no duplicate (null when there is one, or nothing was tried). */
    private final NativeException refusal;

    private FdHolder(FdOwner owner, long inode, ForeignFd dup, NativeException refusal) {
        this.owner = owner;
        this.inode = inode;
        this.dup = dup;
        this.refusal = refusal;
    }

    /** A holder known by name only (found in /proc), no duplicate taken yet. */
    static FdHolder known(FdOwner owner, long inode) {
        return new FdHolder(owner, inode, null, null);
    }

    /**
     * The holder of {@code fd} of {@code pid}, which /proc showed holding socket {@code inode}, with a
     * duplicate of the fd when one can be taken.
     */
    static FdHolder of(ProcFs proc, int pid, int fd, long inode) throws IOException {
        int process = proc.threadGroup(pid).orElse(pid);
        FdOwner owner = new FdOwner(process, fd, proc.comm(process));
        try {
            return new FdHolder(owner, inode, duplicate(proc, pid, process, fd, inode), null);
        } catch (NativeException e) {
            if (e.is(Errno.EPERM) || e.is(Errno.ENOSYS) || e.is(Errno.EBADF) || e.is(Errno.ESRCH)
                    || e.is(Errno.ENOENT)) {
                return new FdHolder(owner, inode, null, e);
            }
            throw e;
        }
    }

    /**
     * Takes fd {@code fd} of {@code pid} if it still holds {@code inode}; null when it holds
     * something else now.
     */
    private static ForeignFd duplicate(ProcFs proc, int pid, int process, int fd, long inode) throws IOException {
        ForeignFd dup;
        try {
            dup = ForeignFd.take(pid, fd);
        } catch (NativeException e) {
            // A thread on a kernel before 6.9, which opens processes only: its process's fd of the
            // same number, if it is the same socket (threads share their fd table unless made otherwise).
            if (!e.is(Errno.ENOENT) || process == pid || FdLink.socketInode(proc.fd(process, fd).target()) != inode) {
                throw e;
            }
            dup = ForeignFd.take(process, fd);
        }
        if (FdLink.socketInode(dup.linkTarget()) != inode) {
            dup.close();
            return null;
        }
        return dup;
    }

    FdOwner owner() {
        return owner;
    }

    Optional<ForeignFd> dup() {
        return Optional.ofNullable(dup);
    }

    /** Whether the duplicate was refused for want of ptrace rights. */
    boolean refusedForRights() {
        return refusal != null && refusal.is(Errno.EPERM);
    }

    /**
     * The network namespace the socket itself lives in (SIOCGSKNS on the duplicate), which is its
     * holder's unless the socket was made before a setns. Empty without a duplicate or without
     * CAP_NET_ADMIN there.
     */
    Optional<NetworkNamespace> socketNamespace() throws IOException {
        if (dup == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkNamespace.adopt(dup.openNamespace(), "the network namespace of the socket "
                    + "behind fd " + owner.fd() + " of pid " + owner.pid()));
        } catch (NativeException e) {
            if (e.is(Errno.EPERM) || e.is(Errno.ENOTTY) || e.is(Errno.EINVAL)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The socket as the duplicate describes it, for one that no table holds (so no dump could
     * describe it): an inet socket's kind, addresses and inode; empty for other families.
     */
    Optional<SocketEntry> describeInet() throws IOException {
        if (dup == null) {
            return Optional.empty();
        }
        int domain = dup.domain();
        if (domain != Kernel.AF_INET && domain != Kernel.AF_INET6) {
            return Optional.empty();
        }
        Netid netid;
        try {
            netid = Netid.inetOfProtocol(dup.protocol());
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
        Sockaddr local = dup.localAddress();
        Sockaddr peer = dup.peerAddress(domain);
        SockId tuple = new SockId(local.port(), peer.port(), local.address(), peer.address(), local.scopeId(), 0);
        return Optional.of(SocketEntry.inet(netid, domain, Kernel.TCP_CLOSE, tuple, 0, 0, inode, -1,
                SocketEntry.Source.PROC));
    }

    /** Whether the duplicate says it is an MPTCP socket. */
    boolean isMptcp() throws NativeException {
        return dup != null && (dup.domain() == Kernel.AF_INET || dup.domain() == Kernel.AF_INET6)
                && dup.protocol() == Kernel.IPPROTO_MPTCP;
    }

    /** The socket's family as the duplicate says, for messages; empty without one. */
    OptionalInt domain() throws NativeException {
        return dup == null ? OptionalInt.empty() : OptionalInt.of(dup.domain());
    }

    @Override
    public void close() throws IOException {
        if (dup != null) {
            dup.close();
        }
    }
}
