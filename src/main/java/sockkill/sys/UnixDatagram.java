package sockkill.sys;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.constants.platform.Errno;

/**
 * An unconnected AF_UNIX datagram socket that sends to a socket file by path, as syslog(3) sends to
 * /dev/log. Each send names the path again, so a daemon that restarted (and made its socket anew)
 * is reached. A send never blocks: a full queue is waited on briefly, then given up.
 *
 * <pre>
 * struct sockaddr_un: 0 u16 sun_family (AF_UNIX), 2 char sun_path[108], NUL-terminated
 * </pre>
 */
public final class UnixDatagram implements Closeable {
    /** sun_path's size, the terminating NUL included. */
    static final int PATH_MAX = 108;
    private static final long FULL_QUEUE_WAIT_NANOS = 1_000_000_000L;

    private final ByteBuffer address;
    private int fd = -1;
    /** The message's bytes for the kernel, kept from one send to the next. */
    private ByteBuffer buf = ByteBuffer.allocateDirect(0);

    /** For sending to the socket at {@code path}; nothing is opened until the first send. */
    public UnixDatagram(String path) {
        this.address = address(path);
    }

    /** The sockaddr_un for {@code path}. */
    static ByteBuffer address(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0 || p.length >= PATH_MAX) {
            throw new IllegalArgumentException("a UNIX socket path has 1 to " + (PATH_MAX - 1) + " bytes: " + path);
        }
        ByteBuffer a = ByteBuffer.allocateDirect(2 + p.length + 1).order(ByteOrder.nativeOrder());
        a.putShort(0, (short) Kernel.AF_UNIX);
        a.put(2, p);
        a.put(2 + p.length, (byte) 0);
        return a;
    }

    /**
     * Sends {@code message} as one datagram. ENOENT (no such socket) and ECONNREFUSED (a socket file
     * nobody reads) mean nothing listens there; EAGAIN after about a second, a reader too slow.
     */
    public void send(byte[] message) throws NativeException {
        if (fd < 0) {
            fd = Native.socket(Kernel.AF_UNIX, Kernel.SOCK_DGRAM | Kernel.SOCK_CLOEXEC, 0);
        }
        if (buf.capacity() < message.length) {
            buf = ByteBuffer.allocateDirect(Math.max(message.length, 1024));
        }
        buf.clear().put(0, message).limit(message.length);
        long deadline = System.nanoTime() + FULL_QUEUE_WAIT_NANOS;
        while (true) {
            try {
                Native.sendto(fd, buf.duplicate(), address.duplicate(), Kernel.MSG_DONTWAIT | Kernel.MSG_NOSIGNAL);
                return;
            } catch (NativeException e) {
                if (!e.is(Errno.EAGAIN) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NativeException("sendto", Errno.EINTR.intValue());
            }
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            try {
                Native.close(f);
            } catch (NativeException ignored) {
                // nothing was pending on a datagram socket
            }
        }
    }
}
