package sockkill.diag;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import sockkill.netlink.Attribute;
import sockkill.netlink.Attributes;
import sockkill.netlink.MalformedMessageException;
import sockkill.netlink.NetlinkMessage;
import sockkill.sys.Kernel;

/**
 * {@code struct unix_diag_msg}, 16 bytes, native order, then attributes:
 * <pre>
 *   0  u8   udiag_family   AF_UNIX
 *   1  u8   udiag_type     SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET
 *   2  u8   udiag_state    TCP_LISTEN, TCP_ESTABLISHED, TCP_CLOSE, TCP_SYN_SENT
 *   3  u8   pad
 *   4  u32  udiag_ino
 *   8  u32  udiag_cookie[2]
 * attributes: UNIX_DIAG_NAME (sun_path bytes, abstract names start with NUL), UNIX_DIAG_PEER (u32
 * inode), UNIX_DIAG_RQLEN (u32 rqueue, u32 wqueue), UNIX_DIAG_UID (u32)
 * </pre>
 * {@code name} is the path, "@name" for an abstract name, or empty when unbound; {@code uid} is -1
 * when the kernel did not send it.
 */
public record UnixDiagMsg(int type, int state, long inode, long cookie, String name, long peerInode,
        long receiveQueue, long sendQueue, long uid) {
    public static final int SIZE = 16;

    private static final int FAMILY = 0;
    private static final int TYPE = 1;
    private static final int STATE = 2;
    private static final int INO = 4;
    private static final int COOKIE = 8;

    public static UnixDiagMsg decode(NetlinkMessage m) {
        m.requirePayload(SIZE, "unix_diag_msg");
        ByteBuffer b = m.buffer();
        int at = m.payloadOffset();
        if (Byte.toUnsignedInt(b.get(at + FAMILY)) != Kernel.AF_UNIX) {
            throw new MalformedMessageException(at, "unix_diag_msg of family " + b.get(at + FAMILY));
        }
        Attributes attrs = Attributes.parse(b, at + SIZE, m.payloadLength() - SIZE);
        long[] queues = attrs.get(Kernel.UNIX_DIAG_RQLEN).map(a -> {
            a.requireLength(8);
            return new long[] {Integer.toUnsignedLong(a.u32()),
                    Integer.toUnsignedLong(a.buffer().getInt(a.valueOffset() + 4))};
        }).orElse(new long[] {0, 0});
        return new UnixDiagMsg(
                Byte.toUnsignedInt(b.get(at + TYPE)),
                Byte.toUnsignedInt(b.get(at + STATE)),
                Integer.toUnsignedLong(b.getInt(at + INO)),
                Integer.toUnsignedLong(b.getInt(at + COOKIE)) | Integer.toUnsignedLong(b.getInt(at + COOKIE + 4)) << 32,
                attrs.get(Kernel.UNIX_DIAG_NAME).map(UnixDiagMsg::name).orElse(""),
                attrs.get(Kernel.UNIX_DIAG_PEER).map(a -> Integer.toUnsignedLong(a.u32())).orElse(0L),
                queues[0],
                queues[1],
                attrs.get(Kernel.UNIX_DIAG_UID).map(a -> Integer.toUnsignedLong(a.u32())).orElse(-1L));
    }

    /** sun_path as ss shows it: abstract names get a leading '@', their NULs shown as '@' too. */
    private static String name(Attribute a) {
        byte[] raw = a.bytes();
        if (raw.length > 0 && raw[0] == 0) {
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    raw[i] = '@';
                }
            }
            return new String(raw, StandardCharsets.UTF_8);
        }
        return a.string();
    }
}
