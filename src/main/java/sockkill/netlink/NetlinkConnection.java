package sockkill.netlink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import sockkill.sys.Kernel;

/**
 * Requests and their replies over one {@link NetlinkTransport}: numbers each request, checks that
 * every reply is addressed to us and answers the request in flight, turns NLMSG_ERROR into
 * {@link NetlinkErrorException}, ends a dump at NLMSG_DONE and reports NLM_F_DUMP_INTR.
 */
public final class NetlinkConnection implements Closeable {
    /** Decides, per message of a dump, whether to go on reading. */
    @FunctionalInterface
    public interface DumpHandler {
        /** Returns false to stop the dump early; the connection is then spent. */
        boolean onMessage(NetlinkMessage message) throws IOException;
    }

    private final NetlinkTransport transport;
    private int lastSeq;
    private boolean spent;

    public NetlinkConnection(NetlinkTransport transport) {
        this.transport = transport;
        this.lastSeq = (int) (System.nanoTime() & 0x3fff_ffff);
    }

    /**
     * Sends a dump request of {@code type} with {@code payload} and hands each reply message to
     * {@code handler} until NLMSG_DONE. Returns false if the handler stopped it early. {@code what}
     * names the request in a failure's message, by its toString, called only then.
     *
     * @throws DumpInterruptedException if the kernel flagged the dump as inconsistent; every
     *         message was still delivered, and the caller decides whether to dump again.
     */
    public boolean dump(int type, ByteBuffer payload, Object what, DumpHandler handler) throws IOException {
        int seq = send(type, Kernel.NLM_F_REQUEST | Kernel.NLM_F_DUMP, payload);
        try (ReadAhead datagrams = new ReadAhead(transport, seq)) {
            return readDump(datagrams, seq, what, handler);
        }
    }

    private boolean readDump(ReadAhead datagrams, int seq, Object what, DumpHandler handler) throws IOException {
        boolean interrupted = false;
        while (true) {
            ByteBuffer datagram = datagrams.next();
            Messages messages = Messages.of(datagram);
            while (messages.hasNext()) {
                NetlinkMessage m = messages.next();
                if (!isReplyTo(m, seq)) {
                    continue;
                }
                interrupted |= m.header().has(Kernel.NLM_F_DUMP_INTR);
                switch (m.type()) {
                    case Kernel.NLMSG_NOOP:
                        break;
                    case Kernel.NLMSG_ERROR:
                        throwIfError(m, what);
                        throw new MalformedMessageException(m.payloadOffset(), "an ack in the middle of a dump");
                    case Kernel.NLMSG_DONE:
                        checkDone(m, what);
                        if (interrupted) {
                            throw new DumpInterruptedException(String.valueOf(what));
                        }
                        return true;
                    case Kernel.NLMSG_OVERRUN:
                        throw new IOException(what + ": the kernel reported a receive overrun");
                    default:
                        if (!handler.onMessage(m)) {
                            spent = true;
                            return false;
                        }
                }
            }
            datagrams.recycle(datagram);
        }
    }

    /**
     * Sends a request of {@code type} that asks for an acknowledgement and waits for it. Replies
     * other than the ack (a non-dump query's answer) go to {@code handler}. {@code what} names the
     * request in a failure's message, as for {@link #dump}.
     */
    public void request(int type, ByteBuffer payload, Object what, DumpHandler handler) throws IOException {
        int seq = send(type, Kernel.NLM_F_REQUEST | Kernel.NLM_F_ACK, payload);
        while (true) {
            Messages messages = Messages.of(transport.receive());
            while (messages.hasNext()) {
                NetlinkMessage m = messages.next();
                if (!isReplyTo(m, seq)) {
                    continue;
                }
                if (m.type() == Kernel.NLMSG_ERROR) {
                    throwIfError(m, what);
                    return;
                }
                if (m.type() != Kernel.NLMSG_NOOP && m.type() != Kernel.NLMSG_DONE) {
                    handler.onMessage(m);
                }
            }
        }
    }

    /** As {@link #request} for requests whose only reply is the ack (SOCK_DESTROY). */
    public void request(int type, ByteBuffer payload, Object what) throws IOException {
        request(type, payload, what, m -> {
            throw new MalformedMessageException(m.payloadOffset(), "unexpected message type " + m.type()
                    + " in reply to " + what);
        });
    }

    /**
     * Sends many requests of {@code type} in one datagram, each asking for an ack, and reports each
     * one's outcome as the kernel answers: {@code outcomes.apply(i)} is given the ack's errno (0: done).
     * The kernel handles the messages of one datagram in order and acks each.
     */
    public void requestAll(int type, ByteBuffer[] payloads, AckHandler outcomes) throws IOException {
        ensureUsable();
        if (payloads.length == 0) {
            return;
        }
        int size = 0;
        for (ByteBuffer p : payloads) {
            size += Align.align(NlMsgHdr.SIZE + p.remaining());
        }
        ByteBuffer batch = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        int firstSeq = lastSeq + 1;
        for (ByteBuffer p : payloads) {
            int at = batch.position();
            int length = NlMsgHdr.SIZE + p.remaining();
            new NlMsgHdr(length, type, Kernel.NLM_F_REQUEST | Kernel.NLM_F_ACK, ++lastSeq, 0).encodeTo(batch, at);
            batch.position(at + NlMsgHdr.SIZE).put(p.duplicate()).position(at + Align.align(length));
        }
        transport.send(batch.flip());
        boolean[] acked = new boolean[payloads.length];
        int pending = payloads.length;
        while (pending > 0) {
            Messages messages = Messages.of(transport.receive());
            while (messages.hasNext()) {
                NetlinkMessage m = messages.next();
                int index = m.header().seq() - firstSeq;
                if (!isReplyTo(m, m.header().seq()) || index < 0 || index >= payloads.length
                        || m.type() != Kernel.NLMSG_ERROR || acked[index]) {
                    continue;
                }
                m.requirePayload(4, "nlmsgerr");
                int error = m.buffer().getInt(m.payloadOffset());
                acked[index] = true;
                pending--;
                outcomes.onAck(index, -error, extendedAckMessage(m));
            }
        }
    }

    /** Receives one acknowledgement of a batched request. */
    @FunctionalInterface
    public interface AckHandler {
        void onAck(int index, int errno, String kernelMessage) throws IOException;
    }

    private int send(int type, int flags, ByteBuffer payload) throws IOException {
        ensureUsable();
        int seq = ++lastSeq;
        int length = NlMsgHdr.SIZE + payload.remaining();
        ByteBuffer message = ByteBuffer.allocateDirect(Align.align(length)).order(ByteOrder.nativeOrder());
        new NlMsgHdr(length, type, flags, seq, 0).encodeTo(message, 0);
        message.position(NlMsgHdr.SIZE);
        message.put(payload.duplicate());
        transport.send(message.flip());
        return seq;
    }

    private void ensureUsable() {
        if (spent) {
            throw new IllegalStateException("a dump was abandoned on this netlink connection; open a new one");
        }
    }

    /**
     * Replies from the kernel carry our port id and our sequence number. Anything else on the socket
     * is stale (an earlier request's leftovers) and skipped; a reply to us from another port is an error.
     */
    private boolean isReplyTo(NetlinkMessage m, int seq) {
        NlMsgHdr h = m.header();
        if (h.portId() != transport.portId()) {
            throw new MalformedMessageException(m.payloadOffset() - NlMsgHdr.SIZE,
                    "reply addressed to port " + Integer.toUnsignedString(h.portId())
                            + ", we are " + Integer.toUnsignedString(transport.portId()));
        }
        return h.seq() == seq;
    }

    private static void throwIfError(NetlinkMessage m, Object what) throws NetlinkErrorException {
        m.requirePayload(4, "nlmsgerr");
        int error = m.buffer().getInt(m.payloadOffset());
        if (error != 0) {
            throw new NetlinkErrorException(String.valueOf(what), -error, extendedAckMessage(m));
        }
    }

    /** NLMSG_DONE of a dump may carry a negative errno when the dump failed part-way. */
    private static void checkDone(NetlinkMessage m, Object what) throws NetlinkErrorException {
        if (m.payloadLength() >= 4) {
            int error = m.buffer().getInt(m.payloadOffset());
            if (error < 0) {
                String text = null;
                if (m.header().has(Kernel.NLM_F_ACK_TLVS) && m.payloadLength() > 4) {
                    text = Attributes.parse(m.buffer(), m.payloadOffset() + 4, m.payloadLength() - 4)
                            .get(Kernel.NLMSGERR_ATTR_MSG).map(Attribute::string).orElse(null);
                }
                throw new NetlinkErrorException(String.valueOf(what), -error, text);
            }
        }
    }

    /**
     * struct nlmsgerr is {int error; struct nlmsghdr msg;}, the request echoed whole or, with
     * NLM_F_CAPPED, only its header; extended-ack TLVs follow when NLM_F_ACK_TLVS is set.
     */
    private static String extendedAckMessage(NetlinkMessage m) {
        if (!m.header().has(Kernel.NLM_F_ACK_TLVS)) {
            return null;
        }
        m.requirePayload(4 + NlMsgHdr.SIZE, "nlmsgerr");
        long echoed = m.header().has(Kernel.NLM_F_CAPPED)
                ? NlMsgHdr.SIZE
                : Align.align(m.buffer().getInt(m.payloadOffset() + 4));
        if (echoed < NlMsgHdr.SIZE || echoed > m.payloadLength() - 4) {
            return null; // an echoed request whose length does not fit: the error stands, without its text
        }
        int tlvStart = m.payloadOffset() + 4 + (int) echoed;
        int tlvLength = m.payloadOffset() + m.payloadLength() - tlvStart;
        if (tlvLength <= 0) {
            return null;
        }
        return Attributes.parse(m.buffer(), tlvStart, tlvLength)
                .get(Kernel.NLMSGERR_ATTR_MSG).map(Attribute::string).orElse(null);
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
