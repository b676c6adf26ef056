package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.diag.InetDiagFilter.Port;
import sockkill.diag.InetDiagFilter.Prefix;
import sockkill.diag.InetDiagFilter.Side;
import sockkill.netlink.NlBytes;
import sockkill.sys.Kernel;

/** The payload of dump, lookup and destroy requests: the struct, then the bytecode and protocol attributes. */
class InetDiagRequestTest {
    /** The sockid of a dump: zero tuple, no interface, the no-cookie wildcard. */
    private static final byte[] ANY_SOCKID = concat(
            new byte[40],                                     // ports, addresses, interface: all zero
            bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)); // cookie INET_DIAG_NOCOOKIE

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void anUnfilteredDumpIsTheBareFiftySixByteStruct() {
        byte[] payload = NlBytes.toArray(InetDiagRequest.dump(Kernel.AF_INET6, Kernel.IPPROTO_TCP,
                InetDump.ALL_STATES, 2, InetDiagFilter.none()));

        assertArrayEquals(concat(bytes(
                0x0a,                   // sdiag_family   = AF_INET6
                0x06,                   // sdiag_protocol = TCP
                0x02,                   // idiag_ext      = INET_DIAG_INFO
                0x00,                   // pad
                0xfe, 0xff, 0xff, 0xff  // idiag_states   = every state
        ), ANY_SOCKID), payload);
    }

    @Test
    void aFilteredDumpAppendsTheBytecodeAsAttributeOne() {
        InetDiagFilter filter = InetDiagFilter.allOf(List.of(new Port(Side.LOCAL, 22)));

        byte[] payload = NlBytes.toArray(InetDiagRequest.dump(Kernel.AF_INET, Kernel.IPPROTO_TCP, 1 << 10, 0, filter));

        assertEquals(56 + 12, payload.length);
        assertArrayEquals(concat(bytes(
                0x0c, 0x00,             // rta_len  = 12: header + 8 bytes of bytecode
                0x01, 0x00              // rta_type = INET_DIAG_REQ_BYTECODE
        ), filter.bytecode()), Arrays.copyOfRange(payload, 56, 68));
    }

    @Test
    void anMptcpDumpCarriesTheProtocolAsAttributeThreeAfterTheBytecode() {
        InetDiagFilter filter = InetDiagFilter.allOf(List.of(new Prefix(Side.PEER, bytes(10, 0, 0, 0), 8)));

        byte[] payload = NlBytes.toArray(
                InetDiagRequest.dump(Kernel.AF_INET, Kernel.IPPROTO_MPTCP, InetDump.ALL_STATES, 0, filter));

        assertEquals(56 + 20 + 8, payload.length);
        assertEquals(262 & 0xff, payload[1], "sdiag_protocol holds only the low byte");
        assertArrayEquals(concat(bytes(0x14, 0x00, 0x01, 0x00), filter.bytecode()), // rta_len 20, type 1
                Arrays.copyOfRange(payload, 56, 76));
        assertArrayEquals(bytes(
                0x08, 0x00,             // rta_len  = 8
                0x03, 0x00,             // rta_type = INET_DIAG_REQ_PROTOCOL
                0x06, 0x01, 0x00, 0x00  // u32 262 IPPROTO_MPTCP
        ), Arrays.copyOfRange(payload, 76, 84));
    }

    @Test
    void anUnfilteredMptcpDumpCarriesOnlyTheProtocolAttribute() {
        byte[] payload = NlBytes.toArray(InetDiagRequest.dump(Kernel.AF_INET, Kernel.IPPROTO_MPTCP, InetDump.ALL_STATES,
                0, InetDiagFilter.none()));

        assertArrayEquals(bytes(0x08, 0x00, 0x03, 0x00, 0x06, 0x01, 0x00, 0x00), Arrays.copyOfRange(payload, 56, 64));
        assertEquals(64, payload.length);
    }

    @Test
    void aRawDumpAsksForRawSocketsOfEveryProtocol() {
        byte[] payload = NlBytes.toArray(InetDiagRequest.dump(Kernel.AF_INET, Kernel.IPPROTO_RAW, InetDump.ALL_STATES,
                0, InetDiagFilter.none()));

        assertEquals((byte) 255, payload[1]);
        assertEquals((byte) 255, payload[3], "sdiag_raw_protocol = IPPROTO_RAW");
    }

    @Test
    void anExactRequestCarriesTheSockidVerbatimAndAllStates() {
        ByteBuffer request = InetDiagRequest.exact(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4, 0);

        assertEquals(0, request.position());
        assertArrayEquals(concat(bytes(
                0x02, 0x06, 0x00, 0x00,
                0xff, 0xff, 0xff, 0xff  // idiag_states = -1
        ), SockIdTest.IPV4_FIXTURE), NlBytes.toArray(request));
    }

    @Test
    void anExactRawRequestPutsTheSocketsProtocolInTheRawProtocolByte() {
        SockId icmp = new SockId(1, 0, bytes(127, 0, 0, 1), new byte[4], 0, 7);

        byte[] payload = NlBytes.toArray(InetDiagRequest.exact(Kernel.AF_INET, Kernel.IPPROTO_RAW, icmp, 0));

        assertEquals(1, payload[3]);
    }
}
