package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.netlink.NlBytes;

class InetDiagReqV2Test {
    /** A request for AF_INET TCP sockets in LISTEN and ESTABLISHED, asking for INET_DIAG_INFO. */
    private static final byte[] FIXTURE = concat(bytes(
            0x02,                   // sdiag_family   = AF_INET
            0x06,                   // sdiag_protocol = IPPROTO_TCP
            0x02,                   // idiag_ext      = 1 << (INET_DIAG_INFO - 1)
            0x00,                   // pad / sdiag_raw_protocol
            0x02, 0x04, 0x00, 0x00  // idiag_states   = (1 << 1) | (1 << 10)
    ), SockIdTest.IPV4_FIXTURE);    // id: 48 bytes, see SockIdTest

    private static final InetDiagReqV2 REQUEST = new InetDiagReqV2(2, 6, 2, 0, (1 << 1) | (1 << 10), SockIdTest.IPV4);

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void isFiftySixBytes() {
        assertEquals(56, InetDiagReqV2.SIZE);
        assertEquals(56, FIXTURE.length);
    }

    @Test
    void encodesTheFixture() {
        ByteBuffer b = ByteBuffer.allocate(56).order(ByteOrder.nativeOrder());

        REQUEST.encodeTo(b, 0);

        assertArrayEquals(FIXTURE, b.array());
    }

    @Test
    void decodesTheFixture() {
        assertEquals(REQUEST, InetDiagReqV2.decode(NlBytes.buffer(FIXTURE), 0));
    }

    @Test
    void encodesAllStatesAndARawProtocolAsUnsignedBytes() {
        InetDiagReqV2 raw = new InetDiagReqV2(10, 255, 0, 255, -1, SockIdTest.IPV4);
        ByteBuffer b = ByteBuffer.allocate(56).order(ByteOrder.nativeOrder());

        raw.encodeTo(b, 0);

        assertArrayEquals(bytes(0x0a, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff), java.util.Arrays.copyOf(b.array(), 8));
        assertEquals(raw, InetDiagReqV2.decode(b, 0));
    }
}
