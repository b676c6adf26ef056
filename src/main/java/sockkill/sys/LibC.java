package sockkill.sys;

import java.nio.ByteBuffer;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * The libc functions sockkill calls. Public only because jnr-ffi's generated implementation lives
 * in another class loader; nothing but {@link Native} may use it.
 *
 * <p>No jnr-ffi annotations: each annotation type costs the first native call a proxy class (some
 * 16 ms of start-up for the five this had), and none changes a call here. sockkill runs on LP64
 * Linux only (x86_64, aarch64), where size_t, ssize_t and uint64_t are Java's {@code long}; and
 * {@link Native} passes direct buffers, whose address jnr-ffi hands over whatever their direction.
 */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, ByteBuffer addr, int addrlen);

    int getsockname(int fd, ByteBuffer addr, IntByReference addrlen);

    int getpeername(int fd, ByteBuffer addr, IntByReference addrlen);

    int setsockopt(int fd, int level, int optname, ByteBuffer optval, int optlen);

    int getsockopt(int fd, int level, int optname, ByteBuffer optval, IntByReference optlen);

    long sendto(int fd, ByteBuffer buf, long len, int flags, ByteBuffer addr, int addrlen);

    long recv(int fd, ByteBuffer buf, long len, int flags);

    int shutdown(int fd, int how);

    int close(int fd);

    int open(CharSequence path, int flags);

    int setns(int fd, int nstype);

    long syscall(long number, long arg1, long arg2, long arg3);

    long read(int fd, ByteBuffer buf, long count);

    /** The iovec arrays are {@code struct iovec} (a pointer and a size_t each) in native memory. */
    long process_vm_readv(int pid, Pointer localIov, long liovcnt, Pointer remoteIov,
            long riovcnt, long flags);

    int ioctl(int fd, long request, long arg);

    int poll(ByteBuffer fds, long nfds, int timeout);

    int fstatfs(int fd, ByteBuffer buf);
}
