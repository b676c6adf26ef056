package sockkill.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/**
 * Thin throwing wrappers over {@link LibC}: a failed call becomes a {@link NativeException}
 * naming the call and its errno; EINTR is retried. No caller ever sees a raw -1.
 */
public final class Native {
    private Native() {
    }

    /** Loaded on first use, so that commands which never touch libc never pay for jnr-ffi. */
    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    /**
     * Loads the binding on a background thread, so that jnr-ffi's start-up overlaps the parsing of
     * the command line, and makes once each call a kill makes: jnr-ffi builds a function's invoker
     * on its first call, a millisecond or more each. The calls are harmless: a netlink socket of
     * our own that sends an empty message and receives without waiting, a duplicate of our own fd
     * through a pidfd of our own. If nothing native is needed after all, nothing is lost but a
     * little time on another CPU. (why and pid P read /proc with open and read, and ask a socket for its
     * namespace: those are warmed up too.)
     */
    public static void preload() {
        Thread loader = new Thread(Native::warmUp, "libc preload");
        loader.setDaemon(true);
        loader.start();
    }

    private static void warmUp() {
        try {
            int fd = socket(Kernel.AF_NETLINK, Kernel.SOCK_RAW | Kernel.SOCK_CLOEXEC, Kernel.NETLINK_SOCK_DIAG);
            try {
                ByteBuffer kernel = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
                kernel.putShort(0, (short) Kernel.AF_NETLINK);
                bind(fd, kernel);
                getsockname(fd);
                getpeername(fd);
                setsockopt(fd, Kernel.SOL_NETLINK, Kernel.NETLINK_EXT_ACK, 1);
                getsockoptInt(fd, Kernel.SOL_SOCKET, Kernel.SO_TYPE);
                sendto(fd, ByteBuffer.allocateDirect(0), kernel);
                int pidfd = pidfdOpen((int) ProcessHandle.current().pid());
                try {
                    close(pidfdGetfd(pidfd, fd));
                } finally {
                    close(pidfd);
                }
                close(socketNamespace(fd));
                int stat = open("/proc/self/stat", Kernel.O_RDONLY | Kernel.O_CLOEXEC);
                try {
                    read(stat, ByteBuffer.allocateDirect(64));
                } finally {
                    close(stat);
                }
                recv(fd, ByteBuffer.allocateDirect(16), Kernel.MSG_DONTWAIT);
            } finally {
                close(fd);
            }
        } catch (NativeException expected) {
            // EAGAIN from the last receive, or a call this kernel or process may not make
        } catch (LinkageError e) {
            // reported where the binding is first really used
        }
    }

    private static LibC libc() {
        return Holder.LIBC;
    }

    private static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    private static NativeException failure(String call) {
        return new NativeException(call, errno());
    }

    public static int socket(int domain, int type, int protocol) throws NativeException {
        int fd = libc().socket(domain, type, protocol);
        if (fd < 0) {
            throw failure("socket");
        }
        return fd;
    }

    public static void bind(int fd, ByteBuffer sockaddr) throws NativeException {
        if (libc().bind(fd, sockaddr, sockaddr.remaining()) < 0) {
            throw failure("bind");
        }
    }

    /** The socket's own address as the raw sockaddr bytes, in native order. */
    public static ByteBuffer getsockname(int fd) throws NativeException {
        ByteBuffer addr = sockaddrBuffer();
        IntByReference len = new IntByReference(addr.capacity());
        if (libc().getsockname(fd, addr, len) < 0) {
            throw failure("getsockname");
        }
        return addr.limit(Math.min(len.intValue(), addr.capacity()));
    }

    /** The peer's address as raw sockaddr bytes; ENOTCONN for a socket without a peer. */
    public static ByteBuffer getpeername(int fd) throws NativeException {
        ByteBuffer addr = sockaddrBuffer();
        IntByReference len = new IntByReference(addr.capacity());
        if (libc().getpeername(fd, addr, len) < 0) {
            throw failure("getpeername");
        }
        return addr.limit(Math.min(len.intValue(), addr.capacity()));
    }

    private static ByteBuffer sockaddrBuffer() {
        // sizeof(struct sockaddr_storage)
        return ByteBuffer.allocateDirect(128).order(ByteOrder.nativeOrder());
    }

    public static void setsockopt(int fd, int level, int option, int value) throws NativeException {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, value);
        if (libc().setsockopt(fd, level, option, v, 4) < 0) {
            throw failure("setsockopt(" + level + "," + option + ")");
        }
    }

    public static int getsockoptInt(int fd, int level, int option) throws NativeException {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        IntByReference len = new IntByReference(4);
        if (libc().getsockopt(fd, level, option, v, len) < 0) {
            throw failure("getsockopt(" + level + "," + option + ")");
        }
        return v.getInt(0);
    }

    /**
     * getsockopt(2) of a struct: fills {@code value} from position 0 (up to its capacity) and
     * returns the length the kernel wrote, which is shorter on kernels with a shorter struct.
     */
    public static int getsockopt(int fd, int level, int option, ByteBuffer value) throws NativeException {
        IntByReference len = new IntByReference(value.capacity());
        if (libc().getsockopt(fd, level, option, value, len) < 0) {
            throw failure("getsockopt(" + level + "," + option + ")");
        }
        return Math.min(len.intValue(), value.capacity());
    }

    /** Sends {@code buf}'s remaining bytes to {@code addr}; a datagram socket sends all or fails. */
    public static void sendto(int fd, ByteBuffer buf, ByteBuffer addr) throws NativeException {
        sendto(fd, buf, addr, 0);
    }

    /** As {@link #sendto(int, ByteBuffer, ByteBuffer)}, with MSG_* {@code flags}. */
    public static void sendto(int fd, ByteBuffer buf, ByteBuffer addr, int flags) throws NativeException {
        while (true) {
            long n = libc().sendto(fd, buf, buf.remaining(), flags, addr, addr.remaining());
            if (n >= 0) {
                return;
            }
            int err = errno();
            if (err != Errno.EINTR.intValue()) {
                throw new NativeException("sendto", err);
            }
        }
    }

    /**
     * Receives into {@code buf} from position 0 up to its capacity. Returns what recv(2) returned:
     * with MSG_TRUNC that is the datagram's real length, which may exceed the capacity.
     */
    public static int recv(int fd, ByteBuffer buf, int flags) throws NativeException {
        return recv(fd, buf, buf.capacity(), flags);
    }

    /** As {@link #recv(int, ByteBuffer, int)}, reading at most {@code length} bytes (0 discards a datagram). */
    public static int recv(int fd, ByteBuffer buf, int length, int flags) throws NativeException {
        while (true) {
            long n = libc().recv(fd, buf, length, flags);
            if (n >= 0) {
                return (int) n;
            }
            int err = errno();
            if (err != Errno.EINTR.intValue()) {
                throw new NativeException("recv", err);
            }
        }
    }

    public static void shutdown(int fd, int how) throws NativeException {
        if (libc().shutdown(fd, how) < 0) {
            throw failure("shutdown");
        }
    }

    /** Closes {@code fd}. Per close(2) an EINTR must not be retried: the fd is gone either way. */
    public static void close(int fd) throws NativeException {
        if (libc().close(fd) < 0 && errno() != Errno.EINTR.intValue()) {
            throw failure("close");
        }
    }

    public static int open(String path, int flags) throws NativeException {
        while (true) {
            int fd = libc().open(path, flags);
            if (fd >= 0) {
                return fd;
            }
            int err = errno();
            if (err != Errno.EINTR.intValue()) {
                throw new NativeException("open(" + path + ")", err);
            }
        }
    }

    /** Moves the calling thread into the namespace behind {@code fd}. */
    public static void setns(int fd, int nstype, String what) throws NativeException {
        if (libc().setns(fd, nstype) < 0) {
            throw failure("setns(" + what + ")");
        }
    }

    /** pidfd_open(2), Linux 5.3. */
    public static int pidfdOpen(int pid) throws NativeException {
        return pidfdOpen(pid, 0);
    }

    /** pidfd_open(2) with flags: {@link Kernel#PIDFD_THREAD} (Linux 6.9) opens a thread, not a process. */
    public static int pidfdOpen(int pid, int flags) throws NativeException {
        long fd = libc().syscall(Kernel.SYS_PIDFD_OPEN, pid, flags, 0);
        if (fd < 0) {
            throw failure("pidfd_open(" + pid + ")");
        }
        return (int) fd;
    }

    /** pidfd_getfd(2), Linux 5.6: a duplicate of another process's fd; needs ptrace rights over it. */
    public static int pidfdGetfd(int pidfd, int targetFd) throws NativeException {
        long fd = libc().syscall(Kernel.SYS_PIDFD_GETFD, pidfd, targetFd, 0);
        if (fd < 0) {
            throw failure("pidfd_getfd(" + targetFd + ")");
        }
        return (int) fd;
    }

    /**
     * Reads up to {@code buf}'s capacity from {@code fd} into it, from position 0. Returns the count
     * read (0 at end of file); EINTR is retried.
     */
    public static int read(int fd, ByteBuffer buf) throws NativeException {
        while (true) {
            long n = libc().read(fd, buf, buf.capacity());
            if (n >= 0) {
                return (int) n;
            }
            int err = errno();
            if (err != Errno.EINTR.intValue()) {
                throw new NativeException("read", err);
            }
        }
    }

    /**
     * process_vm_readv(2): {@code length} bytes at {@code address} in process {@code pid}, read
     * without stopping it; needs ptrace rights over it. Returns what was read, which is shorter
     * than asked when the range runs into unmapped memory.
     *
     * @throws NativeException EFAULT if nothing at {@code address} is mapped, EPERM without ptrace
     *         rights, ESRCH if the process is gone, ENOSYS where the kernel or a sandbox lacks the call
     */
    public static byte[] readProcessMemory(int pid, long address, int length) throws NativeException {
        Runtime runtime = Holder.RUNTIME;
        Pointer data = Memory.allocateDirect(runtime, Math.max(1, length));
        Pointer local = iovec(runtime, data.address(), length);
        Pointer remote = iovec(runtime, address, length);
        long n = libc().process_vm_readv(pid, local, 1, remote, 1, 0);
        if (n < 0) {
            throw failure("process_vm_readv(" + pid + ")");
        }
        byte[] out = new byte[(int) n];
        data.get(0, out, 0, out.length);
        return out;
    }

    /** One {@code struct iovec}: iov_base, iov_len (64-bit ABIs: x86_64, aarch64). */
    private static Pointer iovec(Runtime runtime, long base, long length) {
        Pointer iov = Memory.allocateDirect(runtime, 16);
        iov.putLong(0, base);
        iov.putLong(8, length);
        return iov;
    }

    /**
     * ioctl SIOCGSKNS on a socket: a new fd for the network namespace the socket itself lives in
     * (Linux 4.9; needs CAP_NET_ADMIN over that namespace).
     */
    public static int socketNamespace(int fd) throws NativeException {
        int ns = libc().ioctl(fd, Kernel.SIOCGSKNS, 0);
        if (ns < 0) {
            throw failure("ioctl(SIOCGSKNS)");
        }
        return ns;
    }

    /**
     * True when poll(2) reports POLLERR or POLLHUP on {@code fd} right now: for the write end of a
     * pipe, that its reader has gone (a write would fail with EPIPE); for a socket, that its peer has.
     */
    public static boolean pollErrorOrHangup(int fd) throws NativeException {
        // struct pollfd { int fd; short events; short revents; }
        ByteBuffer p = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        p.putInt(0, fd).putShort(4, (short) Kernel.POLLOUT).putShort(6, (short) 0);
        while (libc().poll(p, 1, 0) < 0) {
            int err = errno();
            if (err != Errno.EINTR.intValue()) {
                throw new NativeException("poll", err);
            }
        }
        return (p.getShort(6) & (Kernel.POLLERR | Kernel.POLLHUP)) != 0;
    }

    /** The f_type of the filesystem {@code fd} lies on (fstatfs(2)), e.g. {@link Kernel#NSFS_MAGIC}. */
    public static long filesystemType(int fd, String what) throws NativeException {
        // struct statfs: __fsword_t f_type first (a long on the 64-bit ABIs sockkill runs on); 120 bytes
        ByteBuffer buf = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
        if (libc().fstatfs(fd, buf) < 0) {
            throw failure("fstatfs(" + what + ")");
        }
        return buf.getLong(0);
    }
}
