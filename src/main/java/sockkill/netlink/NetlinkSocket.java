package sockkill.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import sockkill.sys.Kernel;
import sockkill.sys.Native;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;

/** A real AF_NETLINK socket, bound to a kernel-chosen port id. */
public final class NetlinkSocket implements NetlinkTransport {
    /** struct sockaddr_nl: u16 family, u16 pad, u32 nl_pid, u32 nl_groups. */
    private static final int SOCKADDR_NL_SIZE = 12;
    /** The kernel caps one dump datagram at 32 KiB; start above that so sizing rarely repeats. */
    private static final int INITIAL_RECEIVE_SIZE = 64 * 1024;

    private final int fd;
    private final int portId;
    private final ByteBuffer kernelAddress;
    private ByteBuffer receiveBuffer;
    private boolean closed;

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
        this.kernelAddress = sockaddrNl(0);
        this.receiveBuffer = ByteBuffer.allocateDirect(INITIAL_RECEIVE_SIZE).order(ByteOrder.nativeOrder());
    }

    /** Opens a socket of {@code protocol} (e.g. NETLINK_SOCK_DIAG) in the caller's network namespace. */
    public static NetlinkSocket open(int protocol) throws NativeException {
        int fd = Native.socket(Kernel.AF_NETLINK, Kernel.SOCK_RAW | Kernel.SOCK_CLOEXEC, protocol);
        try {
            Native.bind(fd, sockaddrNl(0));
            int portId = Native.getsockname(fd).getInt(4);
            // Errors then carry the kernel's reason in words, and acks do not echo our whole request.
            Native.setsockopt(fd, Kernel.SOL_NETLINK, Kernel.NETLINK_EXT_ACK, 1);
            Native.setsockopt(fd, Kernel.SOL_NETLINK, Kernel.NETLINK_CAP_ACK, 1);
            return new NetlinkSocket(fd, portId);
        } catch (NativeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /**
     * Opens the socket inside {@code namespace}. A netlink socket answers for the namespace it was
     * created in, whichever thread uses it later.
     */
    public static NetlinkSocket open(int protocol, NetworkNamespace namespace) throws IOException {
        return namespace.run(() -> open(protocol));
    }

    private static ByteBuffer sockaddrNl(int pid) {
        ByteBuffer b = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) Kernel.AF_NETLINK).putInt(4, pid).putInt(8, 0);
        return b;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(ByteBuffer message) throws IOException {
        ensureOpen();
        ByteBuffer direct = message;
        if (!message.isDirect()) {
            direct = ByteBuffer.allocateDirect(message.remaining());
            direct.put(message.duplicate()).flip();
        } else if (message.position() != 0) {
            direct = message.slice();
        }
        Native.sendto(fd, direct, kernelAddress.duplicate());
    }

    @Override
    public ByteBuffer receive() throws IOException {
        // keep the buffer, grown if a datagram needed it, for the next receive
        receiveBuffer = receiveInto(receiveBuffer);
        return receiveBuffer;
    }

    @Override
    public ByteBuffer receiveInto(ByteBuffer into) throws IOException {
        ensureOpen();
        ByteBuffer target = into;
        while (true) {
            // Peek with MSG_TRUNC: returns the datagram's true size without consuming it.
            int size = Native.recv(fd, target.clear(), Kernel.MSG_PEEK | Kernel.MSG_TRUNC);
            if (size > target.capacity()) {
                target = ByteBuffer.allocateDirect(Align.align(size) * 2).order(ByteOrder.nativeOrder());
                continue;
            }
            // The peek already copied it; consume the datagram without copying it again.
            Native.recv(fd, target, 0, Kernel.MSG_TRUNC);
            return target.limit(size);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("netlink socket is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
