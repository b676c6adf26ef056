package sockkill.netlink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Datagrams to and from the kernel's side of one netlink socket. */
public interface NetlinkTransport extends Closeable {
    /** The port id the kernel gave this socket; replies carry it in nlmsg_pid. */
    int portId();

    /** Sends {@code [position, limit)} of {@code message} as one datagram. */
    void send(ByteBuffer message) throws IOException;

    /**
     * Blocks for the next datagram and returns it as {@code [0, limit)} of a buffer that stays valid
     * until the next call. Never truncates: the buffer grows to fit.
     */
    ByteBuffer receive() throws IOException;

    /**
     * Blocks for the next datagram and returns it as {@code [0, limit)} of {@code into}, or of a
     * larger buffer when it does not fit; the result belongs to the caller. This one copies what
     * {@link #receive()} returns; a real socket receives straight into the buffer.
     */
    default ByteBuffer receiveInto(ByteBuffer into) throws IOException {
        ByteBuffer datagram = receive();
        ByteBuffer target = datagram.limit() <= into.capacity() ? into.clear()
                : ByteBuffer.allocateDirect(datagram.limit()).order(into.order());
        target.put(datagram.duplicate().position(0)).flip();
        return target;
    }

    @Override
    void close() throws IOException;
}
