package sockkill.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.function.IntFunction;

import sockkill.proc.FdLink;
import sockkill.proc.NoSuchFdException;
import sockkill.proc.NoSuchProcessException;
import sockkill.proc.ProcFs;

/** What fd F of process P holds, for the use cases given a pid and an fd: failures as {@link Problem}s. */
final class SocketFds {
    private SocketFds() {
    }

    /**
     * The link of {@code fd}. {@code noRights} words the refusal for a pid whose fds may not be read
     * (a kill and a probe need different rights, so they say different things).
     */
    static FdLink link(ProcFs proc, int pid, int fd, IntFunction<String> noRights) throws IOException, Problem {
        try {
            return proc.fd(pid, fd);
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + pid);
        } catch (NoSuchFdException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "pid " + pid + " has no fd " + fd);
        } catch (AccessDeniedException e) {
            throw new Problem(Problem.Kind.PERMISSION, noRights.apply(pid));
        }
    }

    /**
     * The link of {@code fd}, checked to hold a socket and, unless {@code expectedInode} is -1, the
     * socket with that inode: the one a diagnosis saw, or {@code --inode N}. If the process or fd is
     * gone or the fd holds something else now, the answer is NOT_FOUND, "socket already gone": a
     * client that reconnects after a kill often gets the same fd number back, and a second run of
     * the same command must not kill the new connection.
     */
    static FdLink socket(ProcFs proc, int pid, int fd, long expectedInode, IntFunction<String> noRights)
            throws IOException, Problem {
        FdLink link;
        try {
            link = link(proc, pid, fd, noRights);
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
        return link;
    }
}
