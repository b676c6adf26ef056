package sockkill.sys;

import java.nio.ByteBuffer;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * The libc functions sockkill calls. Public only because jnr-ffi's generated implementation lives
 * in another class loader; nothing but {@link Native} may use it.
 */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In ByteBuffer addr, int addrlen);

    int getsockname(int fd, @Out ByteBuffer addr, IntByReference addrlen);

    int getpeername(int fd, @Out ByteBuffer addr, IntByReference addrlen);

    int setsockopt(int fd, int level, int optname, @In ByteBuffer optval, int optlen);

    int getsockopt(int fd, int level, int optname, @Out ByteBuffer optval, IntByReference optlen);

    @ssize_t long sendto(int fd, @In ByteBuffer buf, @size_t long len, int flags, @In ByteBuffer addr, int addrlen);

    @ssize_t long recv(int fd, @Out ByteBuffer buf, @size_t long len, int flags);

    int shutdown(int fd, int how);

    int close(int fd);

    int open(CharSequence path, int flags);

    int setns(int fd, int nstype);

    long syscall(long number, long arg1, long arg2, long arg3);

    @ssize_t long read(int fd, @Out ByteBuffer buf, @size_t long count);

    /** The iovec arrays are {@code struct iovec} (a pointer and a size_t each) in native memory. */
    @ssize_t long process_vm_readv(int pid, Pointer localIov, @u_int64_t long liovcnt, Pointer remoteIov,
            @u_int64_t long riovcnt, @u_int64_t long flags);

    int ioctl(int fd, @u_int64_t long request, long arg);

    int poll(@In @Out ByteBuffer fds, @size_t long nfds, int timeout);

    int fstatfs(int fd, @Out ByteBuffer buf);
}
