package sockkill.core;

import java.io.IOException;
import java.util.List;

import jnr.constants.platform.Errno;
import sockkill.proc.FdLink;
import sockkill.proc.FdOwner;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;

/**
 * {@code --fallback=shutdown}, the weaker, opt-in way: shutdown(SHUT_RDWR) through a duplicate of
 * a holder's fd, for sockets the kernel cannot destroy (UNIX, in no table, MPTCP without diag) or
 * will not let sockkill destroy. The process sees end-of-file rather than an abort. A dry run takes
 * the duplicate too (the rights it needs are the real run's) and stops there.
 */
final class ShutdownFallback {
    private final ProcFs proc;
    private final boolean dryRun;

    ShutdownFallback(ProcFs proc, boolean dryRun) {
        this.proc = proc;
        this.dryRun = dryRun;
    }

    /** Shuts {@code listed} down through {@code known}'s fd, or through any holder's when it is null. */
    KillReport shutDown(String target, ListedSocket listed, FdHolder known) throws IOException, Problem {
        SocketEntry s = listed.socket();
        FdHolder holder = known != null ? known : anyHolder(listed);
        FdOwner owner = holder.owner();
        ListedSocket withOwner = new ListedSocket(s, listed.owners() != null ? listed.owners() : List.of(owner));
        ForeignFd taken = null;
        try {
            ForeignFd dup;
            if (holder.dup().isPresent()) {
                dup = holder.dup().get();
            } else {
                dup = taken = ForeignFd.take(owner.pid(), owner.fd());
            }
            if (FdLink.socketInode(dup.linkTarget()) != s.inode()) {
                throw new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: fd " + owner.fd() + " of pid "
                        + owner.pid() + " no longer holds inode " + s.inode(), withOwner);
            }
            if (dryRun) {
                return new KillReport(target, KillOutcome.FOUND, withOwner, "dry run: would shut it down through fd "
                        + owner.fd() + " of pid " + owner.pid());
            }
            try {
                dup.shutdown();
            } catch (NativeException e) {
                if (!e.is(Errno.ENOTCONN)) {
                    throw e;
                }
                // Not connected: the kernel says so, but marks it shut down and wakes its readers all the same.
                return new KillReport(target, KillOutcome.SHUT_DOWN, withOwner, "shut down, not destroyed: it was not "
                        + "connected; a process blocked reading it sees end-of-file");
            }
        } catch (NativeException e) {
            if (e.is(Errno.EPERM)) {
                throw new SocketProblem(Problem.Kind.PERMISSION, "permission denied: shutting down a socket of pid "
                        + owner.pid() + " " + Privileges.ofSelf().needsPtrace("to take its fd (pidfd_getfd)"),
                        withOwner);
            }
            if (e.is(Errno.ESRCH) || e.is(Errno.EBADF)) {
                throw new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: pid " + owner.pid()
                        + " closed fd " + owner.fd(), withOwner);
            }
            throw e;
        } finally {
            if (taken != null) {
                taken.close();
            }
            if (known == null) {
                holder.close();
            }
        }
        return new KillReport(target, KillOutcome.SHUT_DOWN, withOwner, s.state() == Kernel.TCP_LISTEN
                ? "shut down, not destroyed: an accept() on it fails with EINVAL"
                : "shut down, not destroyed: the process sees end-of-file rather than an abort");
    }

    private FdHolder anyHolder(ListedSocket listed) throws IOException, Problem {
        List<FdOwner> owners = listed.owners() != null && !listed.owners().isEmpty() ? listed.owners()
                : SocketOwners.scanAll(proc).of(listed.socket().inode());
        if (owners.isEmpty()) {
            throw new SocketProblem(Problem.Kind.NOT_FOUND, "no process holds inode " + listed.socket().inode()
                    + ", so there is no fd to shut it down through", listed);
        }
        return FdHolder.known(owners.get(0), listed.socket().inode());
    }
}
