package sockkill.diag;

import java.nio.ByteBuffer;

/**
 * {@code struct unix_diag_req}, 24 bytes, native order:
 * <pre>
 *   0  u8   sdiag_family     AF_UNIX
 *   1  u8   sdiag_protocol   0
 *   2  u16  pad
 *   4  u32  udiag_states     bit N selects state N (TCP_LISTEN, TCP_ESTABLISHED, TCP_CLOSE...)
 *   8  u32  udiag_ino        lookups: the socket's inode
 *  12  u32  udiag_show       UDIAG_SHOW_* attributes wanted in the reply
 *  16  u32  udiag_cookie[2]  lookups: the cookie, or the no-cookie wildcard
 * </pre>
 */
public record UnixDiagReq(int states, long inode, int show, long cookie) {
    public static final int SIZE = 24;

    private static final int FAMILY = 0;
    private static final int STATES = 4;
    private static final int INO = 8;
    private static final int SHOW = 12;
    private static final int COOKIE = 16;

    public void encodeTo(ByteBuffer b, int at) {
        b.put(at + FAMILY, (byte) sockkill.sys.Kernel.AF_UNIX);
        b.put(at + 1, (byte) 0);
        b.putShort(at + 2, (short) 0);
        b.putInt(at + STATES, states);
        b.putInt(at + INO, (int) inode);
        b.putInt(at + SHOW, show);
        b.putInt(at + COOKIE, (int) cookie);
        b.putInt(at + COOKIE + 4, (int) (cookie >>> 32));
    }
}
