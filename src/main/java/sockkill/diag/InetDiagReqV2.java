package sockkill.diag;

import java.nio.ByteBuffer;

/**
 * {@code struct inet_diag_req_v2}, 56 bytes, native order:
 * <pre>
 *   0  u8   sdiag_family     AF_INET or AF_INET6
 *   1  u8   sdiag_protocol   IPPROTO_TCP, _UDP, _UDPLITE, _RAW (MPTCP goes in an attribute)
 *   2  u8   idiag_ext        bit (N-1) asks for attribute INET_DIAG_N in each reply
 *   3  u8   pad              sdiag_raw_protocol for raw sockets
 *   4  u32  idiag_states     bit N selects TCP state N
 *   8  inet_diag_sockid id  (48 bytes, see {@link SockId}); only used by lookups and kills
 * </pre>
 */
public record InetDiagReqV2(int family, int protocol, int ext, int rawProtocol, int states, SockId id) {
    public static final int SIZE = 56;

    private static final int FAMILY = 0;
    private static final int PROTOCOL = 1;
    private static final int EXT = 2;
    private static final int PAD = 3;
    private static final int STATES = 4;
    private static final int ID = 8;

    public void encodeTo(ByteBuffer b, int at) {
        b.put(at + FAMILY, (byte) family);
        b.put(at + PROTOCOL, (byte) protocol);
        b.put(at + EXT, (byte) ext);
        b.put(at + PAD, (byte) rawProtocol);
        b.putInt(at + STATES, states);
        id.encodeTo(b, at + ID);
    }

    public static InetDiagReqV2 decode(ByteBuffer b, int at) {
        return new InetDiagReqV2(
                Byte.toUnsignedInt(b.get(at + FAMILY)),
                Byte.toUnsignedInt(b.get(at + PROTOCOL)),
                Byte.toUnsignedInt(b.get(at + EXT)),
                Byte.toUnsignedInt(b.get(at + PAD)),
                b.getInt(at + STATES),
                SockId.decode(b, at + ID));
    }
}
