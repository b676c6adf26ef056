package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static sockkill.netlink.NlBytes.bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.sys.Kernel;

class UnixDiagReqTest {
    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void encodesALookupByInodeInTwentyFourBytes() {
        int show = Kernel.UDIAG_SHOW_NAME | Kernel.UDIAG_SHOW_PEER | Kernel.UDIAG_SHOW_RQLEN | Kernel.UDIAG_SHOW_UID;
        ByteBuffer b = ByteBuffer.allocate(UnixDiagReq.SIZE).order(ByteOrder.nativeOrder());
        b.put(0, new byte[24]);
        java.util.Arrays.fill(b.array(), (byte) 0x5a); // garbage the encoder must overwrite

        new UnixDiagReq(-1, 12345, show, Kernel.INET_DIAG_NOCOOKIE).encodeTo(b, 0);

        assertArrayEquals(bytes(
                0x01,                   // sdiag_family   = AF_UNIX
                0x00,                   // sdiag_protocol = 0
                0x00, 0x00,             // pad
                0xff, 0xff, 0xff, 0xff, // udiag_states   = all
                0x39, 0x30, 0x00, 0x00, // udiag_ino      = 12345
                0x55, 0x00, 0x00, 0x00, // udiag_show     = NAME 0x01 | PEER 0x04 | RQLEN 0x10 | UID 0x40
                0xff, 0xff, 0xff, 0xff, // udiag_cookie[0]
                0xff, 0xff, 0xff, 0xff  // udiag_cookie[1]: INET_DIAG_NOCOOKIE
        ), b.array());
    }

    @Test
    void encodesTheCookieLowWordFirstAndAnInodeAboveTwoToThe31() {
        ByteBuffer b = ByteBuffer.allocate(UnixDiagReq.SIZE).order(ByteOrder.nativeOrder());

        new UnixDiagReq(1 << Kernel.TCP_LISTEN, 0xfffffffeL, 0, 0x0000_0002_0000_0001L).encodeTo(b, 0);

        assertArrayEquals(bytes(
                0x01, 0x00, 0x00, 0x00,
                0x00, 0x04, 0x00, 0x00, // udiag_states = 1 << TCP_LISTEN (10)
                0xfe, 0xff, 0xff, 0xff, // udiag_ino    = 4294967294
                0x00, 0x00, 0x00, 0x00, // udiag_show   = 0
                0x01, 0x00, 0x00, 0x00, // cookie low word
                0x02, 0x00, 0x00, 0x00  // cookie high word
        ), b.array());
    }
}
