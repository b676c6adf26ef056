package sockkill.diag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import sockkill.netlink.Align;
import sockkill.netlink.Attribute;
import sockkill.sys.Kernel;

/**
 * The payload of an inet SOCK_DIAG_BY_FAMILY or SOCK_DESTROY request: the {@link InetDiagReqV2},
 * then the filter bytecode (INET_DIAG_REQ_BYTECODE) if any, and for protocols whose number does not
 * fit sdiag_protocol's byte (MPTCP) the protocol as INET_DIAG_REQ_PROTOCOL.
 */
public final class InetDiagRequest {
    private InetDiagRequest() {
    }

    /** A dump of {@code family}/{@code protocol} sockets in {@code states}, filtered in the kernel. */
    public static ByteBuffer dump(int family, int protocol, int states, int ext, InetDiagFilter filter) {
        SockId any = new SockId(0, 0, new byte[16], new byte[16], 0, Kernel.INET_DIAG_NOCOOKIE);
        // raw sockets: sdiag_raw_protocol IPPROTO_RAW asks for raw sockets of every protocol
        int rawProtocol = protocol == Kernel.IPPROTO_RAW ? Kernel.IPPROTO_RAW : 0;
        return encode(new InetDiagReqV2(family, protocol & 0xff, ext, rawProtocol, states, any), protocol,
                filter.bytecode());
    }

    /**
     * A dump of TCP sockets of both families in {@code states}, filtered in the kernel, in the form
     * of the original request (TCPDIAG_GETSOCK), which the kernel answers in one walk of its TCP
     * tables instead of one per family: {@code struct inet_diag_req}, 60 bytes, native order:
     * <pre>
     *   0  u8   idiag_family     ignored: the kernel dumps both families
     *   1  u8   idiag_src_len
     *   2  u8   idiag_dst_len
     *   3  u8   idiag_ext        as in {@link InetDiagReqV2}
     *   4  inet_diag_sockid id   (48 bytes, see {@link SockId}); unused by a dump
     *  52  u32  idiag_states     bit N selects TCP state N
     *  56  u32  idiag_dbs        unused
     * </pre>
     * followed by the filter bytecode, as for {@link #dump}.
     */
    public static ByteBuffer tcpDump(int states, int ext, InetDiagFilter filter) {
        byte[] bytecode = filter.bytecode();
        int size = COMPAT_SIZE + (bytecode.length > 0 ? Align.align(Attribute.HEADER_SIZE + bytecode.length) : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        b.put(0, (byte) Kernel.AF_INET);
        b.put(3, (byte) ext);
        new SockId(0, 0, new byte[16], new byte[16], 0, Kernel.INET_DIAG_NOCOOKIE).encodeTo(b, 4);
        b.putInt(52, states);
        if (bytecode.length > 0) {
            b.putShort(COMPAT_SIZE, (short) (Attribute.HEADER_SIZE + bytecode.length));
            b.putShort(COMPAT_SIZE + 2, (short) Kernel.INET_DIAG_REQ_BYTECODE);
            b.put(COMPAT_SIZE + Attribute.HEADER_SIZE, bytecode);
        }
        return b;
    }

    private static final int COMPAT_SIZE = 60;

    /** A request about one socket: a lookup by tuple, or a SOCK_DESTROY with the dumped sockid. */
    public static ByteBuffer exact(int family, int protocol, SockId id, int ext) {
        // a raw socket's "port" is its protocol, which raw_diag wants in sdiag_raw_protocol
        int rawProtocol = protocol == Kernel.IPPROTO_RAW ? id.sourcePort() : 0;
        return encode(new InetDiagReqV2(family, protocol & 0xff, ext, rawProtocol, -1, id), protocol, new byte[0]);
    }

    private static ByteBuffer encode(InetDiagReqV2 req, int protocol, byte[] bytecode) {
        boolean wideProtocol = protocol > 0xff;
        int size = InetDiagReqV2.SIZE;
        if (bytecode.length > 0) {
            size += Align.align(Attribute.HEADER_SIZE + bytecode.length);
        }
        if (wideProtocol) {
            size += Attribute.HEADER_SIZE + 4;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        req.encodeTo(b, 0);
        int at = InetDiagReqV2.SIZE;
        if (bytecode.length > 0) {
            b.putShort(at, (short) (Attribute.HEADER_SIZE + bytecode.length));
            b.putShort(at + 2, (short) Kernel.INET_DIAG_REQ_BYTECODE);
            b.put(at + Attribute.HEADER_SIZE, bytecode);
            at += Align.align(Attribute.HEADER_SIZE + bytecode.length);
        }
        if (wideProtocol) {
            b.putShort(at, (short) (Attribute.HEADER_SIZE + 4));
            b.putShort(at + 2, (short) Kernel.INET_DIAG_REQ_PROTOCOL);
            b.putInt(at + Attribute.HEADER_SIZE, protocol);
        }
        return b;
    }
}
