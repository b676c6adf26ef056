package sockkill.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Receives the datagrams of one dump on a thread of its own, a few ahead of whoever decodes them:
 * the kernel fills each datagram inside recv(), so with a second CPU the filling of the next one
 * overlaps the decoding of the last. A dump of a hundred thousand sockets spends about as long in
 * the kernel as in decoding. The reader stops at the datagram that ends the request (NLMSG_DONE or
 * NLMSG_ERROR with its sequence number), at anything it cannot parse, or when closed.
 */
final class ReadAhead implements AutoCloseable {
    /** Datagrams in flight: one being decoded, the rest received ahead. */
    private static final int BUFFERS = 4;
    /** Above the kernel's 32 KiB cap on a dump datagram. */
    private static final int BUFFER_SIZE = 64 * 1024;

    private final NetlinkTransport transport;
    private final int portId;
    private final int seq;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Object> received = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread reader;
    private volatile boolean stopped;

    ReadAhead(NetlinkTransport transport, int seq) {
        this.transport = transport;
        this.portId = transport.portId();
        this.seq = seq;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.nativeOrder()));
        }
        this.reader = new Thread(this::read, "netlink read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!stopped) {
                ByteBuffer datagram = transport.receiveInto(free.take());
                boolean last = endsRequest(datagram);
                received.put(datagram);
                if (last) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            received.offer(e);
        } catch (InterruptedException e) {
            // closed by the consumer
        }
    }

    /** True when the datagram holds the end of our request, or cannot be walked (the decoder will say why). */
    private boolean endsRequest(ByteBuffer b) {
        int at = 0;
        while (at + NlMsgHdr.SIZE <= b.limit()) {
            int length = b.getInt(at);
            int type = Short.toUnsignedInt(b.getShort(at + 4));
            if (length < NlMsgHdr.SIZE || b.getInt(at + 8) == seq && b.getInt(at + 12) == portId
                    && (type == sockkill.sys.Kernel.NLMSG_DONE || type == sockkill.sys.Kernel.NLMSG_ERROR)) {
                return true;
            }
            at += Align.align(length);
        }
        return at != b.limit() && at < b.limit();
    }

    /** The next datagram, in order; hand it back with {@link #recycle} once decoded. */
    ByteBuffer next() throws IOException {
        Object o;
        try {
            o = received.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading a dump", e);
        }
        if (o instanceof IOException e) {
            throw e;
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        return (ByteBuffer) o;
    }

    void recycle(ByteBuffer datagram) {
        if (datagram.capacity() == BUFFER_SIZE) {
            free.offer(datagram);
        } else {
            free.offer(ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.nativeOrder()));
        }
    }

    /**
     * Stops the reader and waits for it, so that the socket is not closed (and its fd number reused)
     * under a receive still in progress. If the dump was abandoned part-way the reader may be inside
     * recv(); the kernel hands it the next datagram of the dump at once, it sees the stop, and ends.
     */
    @Override
    public void close() {
        stopped = true;
        reader.interrupt();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
