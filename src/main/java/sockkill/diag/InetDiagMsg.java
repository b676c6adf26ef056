package sockkill.diag;

import java.nio.ByteBuffer;

import sockkill.netlink.Attributes;
import sockkill.netlink.MalformedMessageException;
import sockkill.netlink.NetlinkMessage;
import sockkill.sys.Kernel;

/**
 * {@code struct inet_diag_msg}, 72 bytes, native order (the sockid's ports and addresses aside),
 * followed by the attributes the request's idiag_ext asked for:
 * <pre>
 *   0  u8   idiag_family
 *   1  u8   idiag_state     TCP_* state; UDP: 7 (CLOSE) unconnected, 1 connected
 *   2  u8   idiag_timer
 *   3  u8   idiag_retrans
 *   4  inet_diag_sockid id (48 bytes)
 *  52  u32  idiag_expires   ms until the timer fires
 *  56  u32  idiag_rqueue    listener: accept queue; else bytes not yet read
 *  60  u32  idiag_wqueue    listener: backlog; else bytes not yet acknowledged
 *  64  u32  idiag_uid
 *  68  u32  idiag_inode     0 for TIME-WAIT and SYN-RECV entries
 * </pre>
 */
public record InetDiagMsg(int family, int state, int timer, int retransmits, SockId id, long expiresMillis,
        long receiveQueue, long sendQueue, long uid, long inode, TcpInfo tcpInfo) {
    public static final int SIZE = 72;

    static final int FAMILY = 0;
    static final int STATE = 1;
    static final int TIMER = 2;
    static final int RETRANS = 3;
    static final int ID = 4;
    static final int EXPIRES = 52;
    static final int RQUEUE = 56;
    static final int WQUEUE = 60;
    static final int UID = 64;
    static final int INODE = 68;

    /** Decodes a SOCK_DIAG_BY_FAMILY reply; tcp_info is read only if present (asked for through idiag_ext). */
    public static InetDiagMsg decode(NetlinkMessage m) {
        m.requirePayload(SIZE, "inet_diag_msg");
        ByteBuffer b = m.buffer();
        int at = m.payloadOffset();
        TcpInfo info = null;
        int attributesLength = m.payloadLength() - SIZE;
        if (attributesLength > 0) {
            // The kernel adds shutdown, mark, cgroup and sockopt attributes to every reply; only
            // tcp_info (there when asked for) is read.
            info = Attributes.find(b, at + SIZE, attributesLength, Kernel.INET_DIAG_INFO).map(TcpInfo::decode)
                    .orElse(null);
        }
        return decode(b, at, info);
    }

    /** The inode of a reply, read in place: a search by inode need not decode what it passes over. */
    public static long inodeOf(NetlinkMessage m) {
        m.requirePayload(SIZE, "inet_diag_msg");
        return Integer.toUnsignedLong(m.buffer().getInt(m.payloadOffset() + INODE));
    }

    public static InetDiagMsg decode(ByteBuffer b, int at, TcpInfo info) {
        int family = Byte.toUnsignedInt(b.get(at + FAMILY));
        if (family != Kernel.AF_INET && family != Kernel.AF_INET6) {
            throw new MalformedMessageException(at, "inet_diag_msg of family " + family);
        }
        return new InetDiagMsg(
                family,
                Byte.toUnsignedInt(b.get(at + STATE)),
                Byte.toUnsignedInt(b.get(at + TIMER)),
                Byte.toUnsignedInt(b.get(at + RETRANS)),
                SockId.decode(b, at + ID),
                Integer.toUnsignedLong(b.getInt(at + EXPIRES)),
                Integer.toUnsignedLong(b.getInt(at + RQUEUE)),
                Integer.toUnsignedLong(b.getInt(at + WQUEUE)),
                Integer.toUnsignedLong(b.getInt(at + UID)),
                Integer.toUnsignedLong(b.getInt(at + INODE)),
                info);
    }

    public void encodeTo(ByteBuffer b, int at) {
        b.put(at + FAMILY, (byte) family);
        b.put(at + STATE, (byte) state);
        b.put(at + TIMER, (byte) timer);
        b.put(at + RETRANS, (byte) retransmits);
        id.encodeTo(b, at + ID);
        b.putInt(at + EXPIRES, (int) expiresMillis);
        b.putInt(at + RQUEUE, (int) receiveQueue);
        b.putInt(at + WQUEUE, (int) sendQueue);
        b.putInt(at + UID, (int) uid);
        b.putInt(at + INODE, (int) inode);
    }
}
