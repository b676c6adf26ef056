package sockkill.sys;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import jnr.constants.platform.Errno;

/**
 * Our own duplicate of another process's file descriptor, taken with pidfd_getfd(2) (Linux 5.6;
 * needs ptrace rights over the process). It refers to the same open socket, so it can be asked
 * what the socket is, or shut down to wake whoever is blocked on it.
 */
public final class ForeignFd implements Closeable {
    private final int fd;
    private boolean closed;

    private ForeignFd(int fd) {
        this.fd = fd;
    }

    /**
     * Duplicates {@code targetFd} of process {@code pid}. A {@code pid} that names a thread other
     * than its process's leader (what {@code strace -f} prints) is opened as a thread, whose own fd
     * table is read (Linux 6.9; earlier kernels refuse with ENOENT, and the caller may go through
     * the thread's process instead).
     *
     * @throws NativeException ESRCH if the process is gone, EBADF if it has no such fd, EPERM
     *         without ptrace rights, ENOSYS on kernels before 5.6, ENOENT for a thread before 6.9
     */
    public static ForeignFd take(int pid, int targetFd) throws NativeException {
        int pidfd;
        try {
            pidfd = Native.pidfdOpen(pid);
        } catch (NativeException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            try {
                pidfd = Native.pidfdOpen(pid, Kernel.PIDFD_THREAD);
            } catch (NativeException old) {
                throw e;
            }
        }
        try {
            return new ForeignFd(Native.pidfdGetfd(pidfd, targetFd));
        } finally {
            Native.close(pidfd);
        }
    }

    /** What our duplicate points at, e.g. "socket:[12345]" (the same as the original's link). */
    public String linkTarget() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }

    public int domain() throws NativeException {
        return Native.getsockoptInt(fd, Kernel.SOL_SOCKET, Kernel.SO_DOMAIN);
    }

    public int protocol() throws NativeException {
        return Native.getsockoptInt(fd, Kernel.SOL_SOCKET, Kernel.SO_PROTOCOL);
    }

    public int type() throws NativeException {
        return Native.getsockoptInt(fd, Kernel.SOL_SOCKET, Kernel.SO_TYPE);
    }

    public Sockaddr localAddress() throws NativeException {
        return Sockaddr.decode(Native.getsockname(fd));
    }

    /** The peer's address; the unset address of the family when the socket has no peer. */
    public Sockaddr peerAddress(int family) throws NativeException {
        try {
            return Sockaddr.decode(Native.getpeername(fd));
        } catch (NativeException e) {
            if (e.is(Errno.ENOTCONN)) {
                return Sockaddr.none(family);
            }
            throw e;
        }
    }

    /**
     * A new fd of our own for the network namespace the socket lives in (SIOCGSKNS), which is not
     * always its holder's; the caller closes it.
     */
    public int openNamespace() throws NativeException {
        return Native.socketNamespace(fd);
    }

    /** shutdown(SHUT_RDWR): a reader blocked on the socket wakes up with end-of-file. */
    public void shutdown() throws NativeException {
        Native.shutdown(fd, Kernel.SHUT_RDWR);
    }

    /** An int socket option (getsockopt); the socket is the holder's own, so this is its setting. */
    public int intOption(int level, int option) throws NativeException {
        return Native.getsockoptInt(fd, level, option);
    }

    /**
     * Sets an int socket option (setsockopt). The duplicate shares the holder's open socket, so this
     * changes the holder's connection itself (its keepalive, say), not a copy.
     */
    public void setIntOption(int level, int option, int value) throws NativeException {
        Native.setsockopt(fd, level, option, value);
    }

    /**
     * The socket's {@code struct tcp_info} (getsockopt TCP_INFO), in native order, limited to the
     * length the kernel wrote. Reading it has no side effect: unlike SO_ERROR it consumes nothing
     * the holder is waiting for.
     */
    public ByteBuffer tcpInfo() throws NativeException {
        ByteBuffer info = ByteBuffer.allocateDirect(TCP_INFO_BYTES).order(ByteOrder.nativeOrder());
        return info.limit(Native.getsockopt(fd, Kernel.SOL_TCP, Kernel.TCP_INFO, info));
    }

    /** Room for struct tcp_info as Linux 6.x fills it (about 250 bytes), and more. */
    private static final int TCP_INFO_BYTES = 512;

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
