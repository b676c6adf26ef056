package sockkill.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A fake kernel side of a netlink socket (after mdlayher/netlink's nltest): it records every
 * datagram sent, and answers each send with the datagrams the next step of its script builds
 * from that request, so replies can carry the request's sequence number.
 *
 * <p>Running out of script is a test failure, never a hang: a send with no step left, or a
 * receive with no datagram queued, throws {@link AssertionError}. Like the real socket it hands
 * out every datagram in one reused buffer, so a reader that keeps a buffer past the next
 * receive sees it overwritten.
 */
public final class ScriptedTransport implements NetlinkTransport {
    /** The port id the fake kernel assigned; replies to us carry it. */
    public static final int PORT = 0x0000_4d2a;

    /** One datagram the code under test sent. */
    public record Sent(byte[] bytes) {
        /** Every message of the datagram (a batch holds several). */
        public List<NetlinkMessage> messages() {
            List<NetlinkMessage> out = new ArrayList<>();
            Messages m = Messages.of(NlBytes.buffer(bytes));
            while (m.hasNext()) {
                out.add(m.next());
            }
            return out;
        }

        /** The header of the first (usually only) message. */
        public NlMsgHdr header() {
            return messages().get(0).header();
        }

        public int seq() {
            return header().seq();
        }

        /** The payload of the first message. */
        public byte[] payload() {
            return payload(0);
        }

        public byte[] payload(int message) {
            NetlinkMessage m = messages().get(message);
            return Arrays.copyOfRange(bytes, m.payloadOffset(), m.payloadOffset() + m.payloadLength());
        }
    }

    private final int portId;
    private final Deque<Function<Sent, List<byte[]>>> script = new ArrayDeque<>();
    private final Deque<byte[]> queued = new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
    private int receives;
    private boolean closed;

    public ScriptedTransport() {
        this(PORT);
    }

    public ScriptedTransport(int portId) {
        this.portId = portId;
    }

    /** Adds a step: the reply datagrams to the next request sent, built from that request. */
    public ScriptedTransport then(Function<Sent, List<byte[]>> replies) {
        script.add(replies);
        return this;
    }

    /** Adds a step whose replies do not depend on the request. */
    public ScriptedTransport thenReply(byte[]... datagrams) {
        List<byte[]> copy = List.of(datagrams);
        return then(request -> copy);
    }

    /** Datagrams already waiting on the socket before the next request (leftovers of an earlier one). */
    public ScriptedTransport queue(byte[]... datagrams) {
        queued.addAll(List.of(datagrams));
        return this;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(ByteBuffer message) {
        requireOpen();
        byte[] bytes = NlBytes.toArray(message);
        Sent request = new Sent(bytes);
        sent.add(request);
        Function<Sent, List<byte[]>> step = script.poll();
        if (step == null) {
            throw new AssertionError("request #" + sent.size() + " sent, but the script has no reply for it");
        }
        queued.addAll(step.apply(request));
    }

    @Override
    public ByteBuffer receive() {
        requireOpen();
        byte[] next = queued.poll();
        if (next == null) {
            throw new AssertionError("receive() called with no datagram left in the script (after "
                    + receives + " receives)");
        }
        receives++;
        if (receiveBuffer.capacity() < next.length) {
            receiveBuffer = ByteBuffer.allocateDirect(next.length).order(ByteOrder.nativeOrder());
        }
        // scribble over what the previous datagram left, so stale views show up as garbage
        receiveBuffer.clear();
        while (receiveBuffer.hasRemaining()) {
            receiveBuffer.put((byte) 0xee);
        }
        receiveBuffer.clear();
        receiveBuffer.put(next).flip();
        return receiveBuffer;
    }

    private void requireOpen() {
        if (closed) {
            throw new AssertionError("transport used after close()");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Every datagram sent so far, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public Sent lastSent() {
        if (sent.isEmpty()) {
            throw new AssertionError("nothing was sent");
        }
        return sent.get(sent.size() - 1);
    }

    /** How many datagrams the code under test has read. */
    public int receives() {
        return receives;
    }

    /** Datagrams queued but never read. */
    public int unread() {
        return queued.size();
    }

    /** Script steps never used. */
    public int unusedSteps() {
        return script.size();
    }
}
