package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.hex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.netlink.NlBytes;

class SockIdTest {
    /** 10.0.0.1:8080 -> 192.168.1.2:443 on interface 3, cookie 0x1_000000a5. */
    static final byte[] IPV4_FIXTURE = bytes(
            0x1f, 0x90,             // idiag_sport = 8080, big-endian
            0x01, 0xbb,             // idiag_dport = 443, big-endian
            0x0a, 0x00, 0x00, 0x01, // idiag_src[0] = 10.0.0.1, network order
            0x00, 0x00, 0x00, 0x00, // idiag_src[1..3] zero for IPv4
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0xc0, 0xa8, 0x01, 0x02, // idiag_dst[0] = 192.168.1.2
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x03, 0x00, 0x00, 0x00, // idiag_if = 3, native order
            0xa5, 0x00, 0x00, 0x00, // idiag_cookie[0] = low word 0x000000a5, native order
            0x01, 0x00, 0x00, 0x00  // idiag_cookie[1] = high word 0x00000001
    );

    static final SockId IPV4 = new SockId(8080, 443, bytes(10, 0, 0, 1), bytes(192, 168, 1, 2), 3, 0x1_0000_00a5L);

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void encodesPortsBigEndianAddressesInNetworkOrderAndTheRestNative() {
        assertArrayEquals(IPV4_FIXTURE, encode(IPV4));
    }

    @Test
    void decodesTheFixture() {
        SockId id = SockId.decode(NlBytes.buffer(IPV4_FIXTURE), 0);

        assertEquals(8080, id.sourcePort());
        assertEquals(443, id.destinationPort());
        assertArrayEquals(hex("0a000001 00000000 00000000 00000000"), id.source());
        assertArrayEquals(hex("c0a80102 00000000 00000000 00000000"), id.destination());
        assertEquals(3, id.interfaceIndex());
        assertEquals(0x1_0000_00a5L, id.cookie());
        assertEquals(IPV4, id);
    }

    @Test
    void encodesAnIpv6TupleByteForByte() {
        SockId id = new SockId(0xffff, 1, hex("20010db8000000000000000000000001"),
                hex("fe800000000000000000000000000002"), 0, 0xfedc_ba98_7654_3210L);

        assertArrayEquals(NlBytes.concat(
                bytes(0xff, 0xff, 0x00, 0x01),             // ports 65535 and 1
                hex("20010db8000000000000000000000001"),   // src 2001:db8::1
                hex("fe800000000000000000000000000002"),   // dst fe80::2
                bytes(0, 0, 0, 0),                         // if 0
                bytes(0x10, 0x32, 0x54, 0x76),             // cookie low word 0x76543210
                bytes(0x98, 0xba, 0xdc, 0xfe)),            // cookie high word 0xfedcba98
                encode(id));
    }

    @Test
    void decodesPortsAboveShortMaxAsUnsigned() {
        byte[] b = IPV4_FIXTURE.clone();
        b[0] = (byte) 0xc3;
        b[1] = (byte) 0x50;
        b[2] = (byte) 0xff;
        b[3] = (byte) 0xff;

        SockId id = SockId.decode(NlBytes.buffer(b), 0);

        assertEquals(50000, id.sourcePort());
        assertEquals(65535, id.destinationPort());
    }

    @Test
    void decodesTheNoCookieWildcardAsAllOnes() {
        byte[] b = IPV4_FIXTURE.clone();
        java.util.Arrays.fill(b, 40, 48, (byte) 0xff);

        assertEquals(-1L, SockId.decode(NlBytes.buffer(b), 0).cookie());
    }

    @Test
    void decodesAtAnOffsetAndRoundTrips() {
        ByteBuffer b = ByteBuffer.allocate(60).order(ByteOrder.nativeOrder());
        IPV4.encodeTo(b, 12);

        assertEquals(IPV4, SockId.decode(b, 12));
    }

    @Test
    void widensShortAddressesToSixteenBytesAndRejectsLongerOnes() {
        assertEquals(16, IPV4.source().length);
        assertThrows(IllegalArgumentException.class, () -> new SockId(1, 2, new byte[17], new byte[4], 0, 0));
    }

    @Test
    void withCookieKeepsTheTupleAndChangesOnlyTheCookie() {
        SockId loose = IPV4.withCookie(-1L);

        assertEquals(-1L, loose.cookie());
        assertEquals(IPV4.sourcePort(), loose.sourcePort());
        assertArrayEquals(IPV4.destination(), loose.destination());
        assertNotEquals(IPV4, loose);
    }

    @Test
    void addressAccessorsReturnCopies() {
        IPV4.source()[0] = 99;

        assertEquals(10, IPV4.source()[0]);
    }

    @Test
    void equalTuplesAreEqualAndHashAlike() {
        SockId same = new SockId(8080, 443, bytes(10, 0, 0, 1), bytes(192, 168, 1, 2), 3, 0x1_0000_00a5L);

        assertEquals(IPV4, same);
        assertEquals(IPV4.hashCode(), same.hashCode());
        assertNotEquals(IPV4, new SockId(8080, 443, bytes(10, 0, 0, 1), bytes(192, 168, 1, 2), 4, 0x1_0000_00a5L));
    }

    static byte[] encode(SockId id) {
        ByteBuffer b = ByteBuffer.allocate(SockId.SIZE).order(ByteOrder.nativeOrder());
        id.encodeTo(b, 0);
        return b.array();
    }
}
