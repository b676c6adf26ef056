package sockkill.diag;

import java.nio.ByteBuffer;

import sockkill.netlink.Attributes;
import sockkill.netlink.NetlinkMessage;
import sockkill.sys.Kernel;

/**
 * A reusable view of one {@code inet_diag_msg} where it lies in a received datagram (layout in
 * {@link InetDiagMsg}): a listing of a hundred thousand sockets reads each field once, straight from
 * the buffer, and builds nothing per socket. A view is valid until the next message is received;
 * {@link #decode()} makes the record to keep.
 */
public final class InetDiagView {
    private ByteBuffer buffer;
    private int at;
    private NetlinkMessage message;

    /** Points this view at {@code m}; checks that the fixed part is there. */
    public InetDiagView moveTo(NetlinkMessage m) {
        m.requirePayload(InetDiagMsg.SIZE, "inet_diag_msg");
        this.message = m;
        this.buffer = m.buffer();
        this.at = m.payloadOffset();
        return this;
    }

    public int family() {
        return Byte.toUnsignedInt(buffer.get(at + InetDiagMsg.FAMILY));
    }

    public boolean isIpv6() {
        return family() == Kernel.AF_INET6;
    }

    public int state() {
        return Byte.toUnsignedInt(buffer.get(at + InetDiagMsg.STATE));
    }

    public int sourcePort() {
        return SockId.bigEndianPort(buffer, at + InetDiagMsg.ID + SockId.SPORT);
    }

    public int destinationPort() {
        return SockId.bigEndianPort(buffer, at + InetDiagMsg.ID + SockId.DPORT);
    }

    /** The buffer and offset of the 16 source-address bytes, for reading in place. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int sourceAddressOffset() {
        return at + InetDiagMsg.ID + SockId.SRC;
    }

    public int destinationAddressOffset() {
        return at + InetDiagMsg.ID + SockId.DST;
    }

    public long cookie() {
        int c = at + InetDiagMsg.ID + SockId.COOKIE;
        return Integer.toUnsignedLong(buffer.getInt(c)) | Integer.toUnsignedLong(buffer.getInt(c + 4)) << 32;
    }

    public long receiveQueue() {
        return Integer.toUnsignedLong(buffer.getInt(at + InetDiagMsg.RQUEUE));
    }

    public long sendQueue() {
        return Integer.toUnsignedLong(buffer.getInt(at + InetDiagMsg.WQUEUE));
    }

    public long uid() {
        return Integer.toUnsignedLong(buffer.getInt(at + InetDiagMsg.UID));
    }

    public long inode() {
        return Integer.toUnsignedLong(buffer.getInt(at + InetDiagMsg.INODE));
    }

    /** The sockid, copied out (for a kill). */
    public SockId sockId() {
        return SockId.decode(buffer, at + InetDiagMsg.ID);
    }

    /** tcp_info, when the dump asked for it; null otherwise. */
    public TcpInfo tcpInfo() {
        int length = message.payloadLength() - InetDiagMsg.SIZE;
        return length <= 0 ? null : Attributes.find(buffer, at + InetDiagMsg.SIZE, length, Kernel.INET_DIAG_INFO)
                .map(TcpInfo::decode).orElse(null);
    }

    /** Copies the fixed part ({@value InetDiagMsg#SIZE} bytes, no attributes) to {@code into} at {@code offset}. */
    public void copyFixedPart(byte[] into, int offset) {
        buffer.get(at, into, offset, InetDiagMsg.SIZE);
    }

    /** The whole message as a record that outlives the datagram. */
    public InetDiagMsg decode() {
        return InetDiagMsg.decode(message);
    }
}
