package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sockkill.netlink.NlBytes.attribute;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.u32;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.netlink.MalformedMessageException;
import sockkill.netlink.NetlinkMessage;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

class UnixDiagMsgTest {
    /** A listening UNIX stream socket, as unix_diag_msg. */
    private static final byte[] FIXTURE = bytes(
            0x01,                   // udiag_family = AF_UNIX
            0x01,                   // udiag_type   = SOCK_STREAM
            0x0a,                   // udiag_state  = TCP_LISTEN
            0x00,                   // pad
            0x39, 0x30, 0x00, 0x00, // udiag_ino    = 12345
            0x44, 0x33, 0x22, 0x11, // udiag_cookie[0], low word
            0x88, 0x77, 0x66, 0x55  // udiag_cookie[1], high word
    );

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void decodesTheStructAndEveryAttribute() {
        UnixDiagMsg m = UnixDiagMsg.decode(reply(concat(FIXTURE,
                attribute(Kernel.UNIX_DIAG_NAME, NlBytes.cstring("/run/my socket.sock")), // path with its NUL
                attribute(Kernel.UNIX_DIAG_PEER, u32(54321)),
                attribute(Kernel.UNIX_DIAG_RQLEN, concat(u32(3), u32(128))),           // rqueue, wqueue
                attribute(Kernel.UNIX_DIAG_UID, u32(1000)))));

        assertEquals(new UnixDiagMsg(Kernel.SOCK_STREAM, Kernel.TCP_LISTEN, 12345, 0x5566_7788_1122_3344L,
                "/run/my socket.sock", 54321, 3, 128, 1000), m);
    }

    @Test
    void showsAnAbstractNameWithALeadingAt() {
        assertEquals("@foo", name(bytes(0, 'f', 'o', 'o')));
    }

    @Test
    void showsNulsInsideAnAbstractNameAsAt() {
        assertEquals("@a@b", name(bytes(0, 'a', 0, 'b')));
    }

    @Test
    void aPathNameEndsAtItsNul() {
        assertEquals("/tmp/x", name(concat("/tmp/x".getBytes(StandardCharsets.UTF_8), bytes(0, 'j', 'u', 'n', 'k'))));
    }

    @Test
    void missingAttributesGiveAnEmptyNameNoPeerEmptyQueuesAndUnknownUid() {
        UnixDiagMsg m = UnixDiagMsg.decode(reply(FIXTURE));

        assertEquals("", m.name());
        assertEquals(0, m.peerInode());
        assertEquals(0, m.receiveQueue());
        assertEquals(0, m.sendQueue());
        assertEquals(-1, m.uid());
    }

    @Test
    void readsInodesAndUidsAsUnsigned() {
        byte[] big = FIXTURE.clone();
        Arrays.fill(big, 4, 8, (byte) 0xff);

        UnixDiagMsg m = UnixDiagMsg.decode(reply(concat(big,
                attribute(Kernel.UNIX_DIAG_PEER, u32(-2)),
                attribute(Kernel.UNIX_DIAG_UID, u32(-3)))));

        assertEquals(4294967295L, m.inode());
        assertEquals(4294967294L, m.peerInode());
        assertEquals(4294967293L, m.uid());
    }

    @Test
    void aQueueAttributeShorterThanTwoWordsIsMalformed() {
        NetlinkMessage m = reply(concat(FIXTURE, attribute(Kernel.UNIX_DIAG_RQLEN, u32(3))));

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> UnixDiagMsg.decode(m));

        assertEquals(16 + 16, e.offset(), "the attribute right after the 16-byte header and 16-byte struct");
    }

    @Test
    void aFamilyOtherThanUnixIsMalformed() {
        byte[] inet = FIXTURE.clone();
        inet[0] = 2;

        assertThrows(MalformedMessageException.class, () -> UnixDiagMsg.decode(reply(inet)));
    }

    @Test
    void aPayloadShorterThanTheStructIsMalformed() {
        assertThrows(MalformedMessageException.class,
                () -> UnixDiagMsg.decode(reply(Arrays.copyOf(FIXTURE, 12))));
    }

    private static String name(byte[] sunPath) {
        return UnixDiagMsg.decode(reply(concat(FIXTURE, attribute(Kernel.UNIX_DIAG_NAME, sunPath)))).name();
    }

    private static NetlinkMessage reply(byte[] payload) {
        return NlBytes.onlyMessage(NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, 1, ScriptedTransport.PORT, payload));
    }
}
