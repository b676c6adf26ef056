package sockkill.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/**
 * The libc functions sockkill calls, bound through jffi, the JNI stub jnr-ffi itself stands on: each
 * function is its symbol's address and a call context (return and parameter types, errno saved
 * after the call), called through jffi's Invoker. jnr-ffi's own binding (an annotated interface, a
 * proxy class, an invoker built from each method's annotations on its first call) cost a cold JVM
 * some 50 ms before the first call returned; this one some 12 ms, most of it loading the stub.
 *
 * <p>Buffers are direct ByteBuffers, passed as the address of their position, as jnr-ffi passed
 * them; a pointer argument is a native word (invokeN), and an int result is the low half of the
 * word the call returned. Nothing but {@link Native} may use this class.
 */
final class LibC {
    private LibC() {
    }

    private static final Invoker INVOKER = Invoker.getInstance();
    private static final MemoryIO MEMORY = MemoryIO.getInstance();
    /** The process's global symbols: libc's, which the JVM itself links. */
    private static final Library C = Library.getDefault();

    private static final Type INT = Type.SINT;
    private static final Type LONG = Type.SLONG;
    private static final Type POINTER = Type.POINTER;

    private static final Function SOCKET = new Function("socket", INT, INT, INT, INT);
    private static final Function BIND = new Function("bind", INT, INT, POINTER, INT);
    private static final Function GETSOCKNAME = new Function("getsockname", INT, INT, POINTER, POINTER);
    private static final Function GETPEERNAME = new Function("getpeername", INT, INT, POINTER, POINTER);
    private static final Function SETSOCKOPT = new Function("setsockopt", INT, INT, INT, INT, POINTER, INT);
    private static final Function GETSOCKOPT = new Function("getsockopt", INT, INT, INT, INT, POINTER, POINTER);
    private static final Function SENDTO = new Function("sendto", LONG, INT, POINTER, LONG, INT, POINTER, INT);
    private static final Function RECV = new Function("recv", LONG, INT, POINTER, LONG, INT);
    private static final Function SHUTDOWN = new Function("shutdown", INT, INT, INT);
    private static final Function CLOSE = new Function("close", INT, INT);
    private static final Function OPEN = new Function("open", INT, POINTER, INT);
    private static final Function SETNS = new Function("setns", INT, INT, INT);
    private static final Function SYSCALL = new Function("syscall", LONG, LONG, LONG, LONG, LONG);
    private static final Function READ = new Function("read", LONG, INT, POINTER, LONG);
    private static final Function PROCESS_VM_READV = new Function("process_vm_readv", LONG, INT, POINTER, LONG,
            POINTER, LONG, LONG);
    private static final Function IOCTL = new Function("ioctl", INT, INT, LONG, LONG);
    private static final Function POLL = new Function("poll", INT, POINTER, LONG, INT);
    private static final Function FSTATFS = new Function("fstatfs", INT, INT, POINTER);

    /** One libc function: where it is and how it is called. */
    private static final class Function {
        final long address;
        final CallContext context;

        Function(String name, Type result, Type... parameters) {
            this.address = C.getSymbolAddress(name);
            if (address == 0) {
                throw new UnsatisfiedLinkError("libc has no " + name + ": " + Library.getLastError());
            }
            this.context = CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true);
        }

        long call(long a) {
            return INVOKER.invokeN1(context, address, a);
        }

        long call(long a, long b) {
            return INVOKER.invokeN2(context, address, a, b);
        }

        long call(long a, long b, long c) {
            return INVOKER.invokeN3(context, address, a, b, c);
        }

        long call(long a, long b, long c, long d) {
            return INVOKER.invokeN4(context, address, a, b, c, d);
        }

        long call(long a, long b, long c, long d, long e) {
            return INVOKER.invokeN5(context, address, a, b, c, d, e);
        }

        long call(long a, long b, long c, long d, long e, long f) {
            return INVOKER.invokeN6(context, address, a, b, c, d, e, f);
        }
    }

    /** The errno the calling thread's last call left. */
    static int errno() {
        return LastError.getInstance().get();
    }

    /** The address of {@code b}'s position; {@code b} must be direct. */
    private static long at(ByteBuffer b) {
        if (!b.isDirect()) {
            throw new IllegalArgumentException("native calls take direct buffers");
        }
        return MEMORY.getDirectBufferAddress(b) + b.position();
    }

    /** An int in native memory, for a length the call reads and writes back ({@code socklen_t *}). */
    private static ByteBuffer intCell(int value) {
        return ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, value);
    }

    static int socket(int domain, int type, int protocol) {
        return (int) SOCKET.call(domain, type, protocol);
    }

    static int bind(int fd, ByteBuffer addr, int addrlen) {
        return (int) BIND.call(fd, at(addr), addrlen);
    }

    /** getsockname(2); {@code addrlen} in and out: the buffer's size, then the address's. */
    static int getsockname(int fd, ByteBuffer addr, int[] addrlen) {
        ByteBuffer len = intCell(addrlen[0]);
        int r = (int) GETSOCKNAME.call(fd, at(addr), at(len));
        addrlen[0] = len.getInt(0);
        return r;
    }

    static int getpeername(int fd, ByteBuffer addr, int[] addrlen) {
        ByteBuffer len = intCell(addrlen[0]);
        int r = (int) GETPEERNAME.call(fd, at(addr), at(len));
        addrlen[0] = len.getInt(0);
        return r;
    }

    static int setsockopt(int fd, int level, int optname, ByteBuffer optval, int optlen) {
        return (int) SETSOCKOPT.call(fd, level, optname, at(optval), optlen);
    }

    /** getsockopt(2); {@code optlen} in and out, as for {@link #getsockname}. */
    static int getsockopt(int fd, int level, int optname, ByteBuffer optval, int[] optlen) {
        ByteBuffer len = intCell(optlen[0]);
        int r = (int) GETSOCKOPT.call(fd, level, optname, at(optval), at(len));
        optlen[0] = len.getInt(0);
        return r;
    }

    static long sendto(int fd, ByteBuffer buf, long len, int flags, ByteBuffer addr, int addrlen) {
        return SENDTO.call(fd, at(buf), len, flags, at(addr), addrlen);
    }

    static long recv(int fd, ByteBuffer buf, long len, int flags) {
        return RECV.call(fd, at(buf), len, flags);
    }

    static int shutdown(int fd, int how) {
        return (int) SHUTDOWN.call(fd, how);
    }

    static int close(int fd) {
        return (int) CLOSE.call(fd);
    }

    /** open(2) of {@code path}, encoded as jnr-ffi encoded strings: in the default charset. */
    static int open(String path, int flags) {
        byte[] bytes = path.getBytes(Charset.defaultCharset());
        ByteBuffer c = ByteBuffer.allocateDirect(bytes.length + 1).put(bytes).put((byte) 0).flip();
        return (int) OPEN.call(at(c), flags);
    }

    static int setns(int fd, int nstype) {
        return (int) SETNS.call(fd, nstype);
    }

    static long syscall(long number, long arg1, long arg2, long arg3) {
        return SYSCALL.call(number, arg1, arg2, arg3);
    }

    static long read(int fd, ByteBuffer buf, long count) {
        return READ.call(fd, at(buf), count);
    }

    /** process_vm_readv(2) with one iovec each side, given as {@code struct iovec}s in direct buffers. */
    static long processVmReadv(int pid, ByteBuffer localIov, ByteBuffer remoteIov) {
        return PROCESS_VM_READV.call(pid, at(localIov), 1, at(remoteIov), 1, 0);
    }

    /** The address of a direct buffer's first byte, for a {@code struct iovec}. */
    static long address(ByteBuffer b) {
        return at(b.duplicate().position(0));
    }

    static int ioctl(int fd, long request, long arg) {
        return (int) IOCTL.call(fd, request, arg);
    }

    static int poll(ByteBuffer fds, long nfds, int timeout) {
        return (int) POLL.call(at(fds), nfds, timeout);
    }

    static int fstatfs(int fd, ByteBuffer buf) {
        return (int) FSTATFS.call(fd, at(buf));
    }
}
