package sockkill.netlink;

import java.nio.ByteBuffer;

/**
 * {@code struct nlmsghdr}, 16 bytes, native byte order:
 * <pre>
 *   0  u32 nlmsg_len    length of the message, header included
 *   4  u16 nlmsg_type
 *   6  u16 nlmsg_flags
 *   8  u32 nlmsg_seq
 *  12  u32 nlmsg_pid    port id of the sender (0: the kernel) or, in replies, of the receiver
 * </pre>
 */
public record NlMsgHdr(int length, int type, int flags, int seq, int portId) {
    public static final int SIZE = 16;

    private static final int LEN = 0;
    private static final int TYPE = 4;
    private static final int FLAGS = 6;
    private static final int SEQ = 8;
    private static final int PID = 12;

    public void encodeTo(ByteBuffer b, int at) {
        b.putInt(at + LEN, length);
        b.putShort(at + TYPE, (short) type);
        b.putShort(at + FLAGS, (short) flags);
        b.putInt(at + SEQ, seq);
        b.putInt(at + PID, portId);
    }

    /** Decodes the header at {@code at}; the caller has checked that 16 bytes are there. */
    public static NlMsgHdr decode(ByteBuffer b, int at) {
        return new NlMsgHdr(
                b.getInt(at + LEN),
                Short.toUnsignedInt(b.getShort(at + TYPE)),
                Short.toUnsignedInt(b.getShort(at + FLAGS)),
                b.getInt(at + SEQ),
                b.getInt(at + PID));
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }
}
