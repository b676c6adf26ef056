package sockkill.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;

import sockkill.proc.NoSuchProcessException;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;

/** The sockets one process holds, read from its fd table; what --pid means to list and match. */
final class ProcessSockets {
    private ProcessSockets() {
    }

    static SocketOwners of(ProcFs proc, int pid) throws IOException, Problem {
        try {
            return SocketOwners.scanPid(proc, pid);
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + pid);
        } catch (AccessDeniedException e) {
            throw new Problem(Problem.Kind.PERMISSION, "cannot read the fds of pid " + pid + ": "
                    + Privileges.ofSelf().needsPtrace("to read them"));
        }
    }
}
