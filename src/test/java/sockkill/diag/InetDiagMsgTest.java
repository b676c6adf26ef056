package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.netlink.MalformedMessageException;
import sockkill.netlink.NetlinkMessage;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

class InetDiagMsgTest {
    /** An established IPv4 TCP socket (the SockIdTest tuple) as inet_diag_msg. */
    static final byte[] FIXTURE = concat(bytes(
            0x02,                   // idiag_family  = AF_INET
            0x01,                   // idiag_state   = TCP_ESTABLISHED
            0x01,                   // idiag_timer   = 1 (retransmit timer)
            0x02                    // idiag_retrans = 2
    ), SockIdTest.IPV4_FIXTURE,     // id, 48 bytes at 4
            bytes(
            0xc8, 0x00, 0x00, 0x00, // idiag_expires = 200 ms, at 52
            0x05, 0x00, 0x00, 0x00, // idiag_rqueue  = 5
            0x00, 0x00, 0x00, 0x80, // idiag_wqueue  = 2147483648 (unsigned)
            0xe8, 0x03, 0x00, 0x00, // idiag_uid     = 1000
            0xcd, 0x81, 0x01, 0x00  // idiag_inode   = 98765, at 68
    ));

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void theFixtureIsSeventyTwoBytes() {
        assertEquals(72, FIXTURE.length);
        assertEquals(72, InetDiagMsg.SIZE);
    }

    @Test
    void decodesEveryFieldOfAReplyWithoutAttributes() {
        InetDiagMsg m = InetDiagMsg.decode(reply(FIXTURE));

        assertEquals(Kernel.AF_INET, m.family());
        assertEquals(Kernel.TCP_ESTABLISHED, m.state());
        assertEquals(1, m.timer());
        assertEquals(2, m.retransmits());
        assertEquals(SockIdTest.IPV4, m.id());
        assertEquals(200, m.expiresMillis());
        assertEquals(5, m.receiveQueue());
        assertEquals(2147483648L, m.sendQueue());
        assertEquals(1000, m.uid());
        assertEquals(98765, m.inode());
        assertNull(m.tcpInfo());
    }

    @Test
    void decodesTcpInfoFromItsAttributeAmongOthers() {
        byte[] info = filled(104);
        info[0] = 1;                    // tcpi_state
        info[2] = 3;                    // tcpi_retransmits
        info[3] = 9;                    // tcpi_probes
        info[4] = 5;                    // tcpi_backoff
        info[6] = 0x77;                 // tcpi_snd_wscale:4, tcpi_rcv_wscale:4
        putU32(info, 8, 204000);        // tcpi_rto, us
        putU32(info, 12, 0xbbbb);       // tcpi_ato (not used)
        putU32(info, 24, 2);            // tcpi_unacked
        putU32(info, 44, 1500);         // tcpi_last_data_sent
        putU32(info, 48, 0xaaaa);       // tcpi_last_ack_sent (not used)
        putU32(info, 52, 60000);        // tcpi_last_data_recv
        putU32(info, 56, 59000);        // tcpi_last_ack_recv
        putU32(info, 100, 17);          // tcpi_total_retrans

        InetDiagMsg m = InetDiagMsg.decode(reply(concat(FIXTURE,
                NlBytes.attribute(Kernel.INET_DIAG_SHUTDOWN, bytes(3)),
                NlBytes.attribute(Kernel.INET_DIAG_INFO, info))));

        assertEquals(new TcpInfo(3, 5, 1500, 60000, 59000, 17, 9, 2, 204000), m.tcpInfo());
        assertEquals(98765, m.inode());
    }

    @Test
    void fieldsBeyondAShortTcpInfoReadAsUnknown() {
        byte[] info = filled(48);       // an old kernel's struct, up to tcpi_last_data_sent
        info[2] = 4;
        info[3] = 1;
        info[4] = 6;
        putU32(info, 8, 3000000);
        putU32(info, 24, 5);
        putU32(info, 44, 777);

        TcpInfo t = InetDiagMsg.decode(reply(concat(FIXTURE, NlBytes.attribute(Kernel.INET_DIAG_INFO, info))))
                .tcpInfo();

        assertEquals(new TcpInfo(4, 6, 777, -1, -1, -1, 1, 5, 3000000), t);
    }

    @Test
    void aTcpInfoOfThreeBytesKnowsOnlyTheRetransmits() {
        TcpInfo t = InetDiagMsg.decode(reply(concat(FIXTURE,
                NlBytes.attribute(Kernel.INET_DIAG_INFO, bytes(1, 0, 2))))).tcpInfo();

        assertEquals(new TcpInfo(2, -1, -1, -1, -1, -1, -1, -1, -1), t);
    }

    @Test
    void tcpInfoFieldsAreUnsigned() {
        byte[] info = new byte[104];
        info[2] = (byte) 0xff;
        Arrays.fill(info, 44, 48, (byte) 0xff);

        TcpInfo t = InetDiagMsg.decode(reply(concat(FIXTURE, NlBytes.attribute(Kernel.INET_DIAG_INFO, info))))
                .tcpInfo();

        assertEquals(255, t.retransmits());
        assertEquals(4294967295L, t.lastDataSentMillis());
    }

    @Test
    void aPayloadShorterThanTheStructIsMalformed() {
        NetlinkMessage m = reply(Arrays.copyOf(FIXTURE, 71));

        assertEquals(0, assertThrows(MalformedMessageException.class, () -> InetDiagMsg.decode(m)).offset());
    }

    @Test
    void aFamilyOtherThanInetIsMalformed() {
        byte[] unix = FIXTURE.clone();
        unix[0] = 1;

        assertThrows(MalformedMessageException.class, () -> InetDiagMsg.decode(reply(unix)));
    }

    @Test
    void malformedAttributesAfterTheStructAreRejected() {
        byte[] broken = concat(FIXTURE, bytes(0x02, 0x00, 0x02, 0x00)); // rta_len 2

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> InetDiagMsg.decode(reply(broken)));

        assertEquals(16 + 72, e.offset());
    }

    @Test
    void encodesTheFixture() {
        InetDiagMsg m = new InetDiagMsg(2, 1, 1, 2, SockIdTest.IPV4, 200, 5, 2147483648L, 1000, 98765, null);
        ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.nativeOrder());

        m.encodeTo(b, 0);

        assertArrayEquals(FIXTURE, b.array());
    }

    /** A SOCK_DIAG_BY_FAMILY dump reply carrying {@code payload}. */
    static NetlinkMessage reply(byte[] payload) {
        return NlBytes.onlyMessage(NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, 1, ScriptedTransport.PORT, payload));
    }

    private static byte[] filled(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 0xee); // fields the decoder must not read
        return b;
    }

    private static void putU32(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(at, value);
    }
}
