package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.hex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.diag.InetDiagFilter.Port;
import sockkill.diag.InetDiagFilter.Prefix;
import sockkill.diag.InetDiagFilter.Side;
import sockkill.sys.Kernel;

/** The exact bytecode for each kind of condition, and that the kernel's audit accepts it. */
class InetDiagFilterTest {
    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void aLocalPortIsAnSEqOpFollowedByAnOpHoldingThePort() {
        byte[] bc = InetDiagFilter.allOf(List.of(new Port(Side.LOCAL, 22))).bytecode();

        assertArrayEquals(bytes(
                0x0b,       // code = INET_DIAG_BC_S_EQ (11)
                0x08,       // yes  = 8: step over this op and the port op
                0x0c, 0x00, // no   = 12: the 8 bytes left + 4, off the end = reject
                0x00,       // code = NOP (never run: 'yes' jumps over it)
                0x00,       // yes
                0x16, 0x00  // no   = 22, the port, host order
        ), bc);
        assertNull(KernelBytecode.audit(bc));
    }

    @Test
    void aPeerPortIsADEqOp() {
        byte[] bc = InetDiagFilter.allOf(List.of(new Port(Side.PEER, 65535))).bytecode();

        assertArrayEquals(bytes(
                0x0c, 0x08, 0x0c, 0x00, // INET_DIAG_BC_D_EQ (12), yes 8, no 12
                0x00, 0x00, 0xff, 0xff  // port 65535
        ), bc);
    }

    @Test
    void aPeerIpv4PrefixIsADCondWithAHostcondAndFourAddressBytes() {
        byte[] bc = InetDiagFilter.allOf(List.of(new Prefix(Side.PEER, bytes(10, 0, 0, 0), 8))).bytecode();

        assertArrayEquals(bytes(
                0x08,                   // code = INET_DIAG_BC_D_COND (8)
                0x10,                   // yes  = 16: op + hostcond + address
                0x14, 0x00,             // no   = 20: 16 left + 4, reject
                0x02,                   // hostcond.family     = AF_INET
                0x08,                   // hostcond.prefix_len = 8
                0x00, 0x00,             // padding before the int
                0xff, 0xff, 0xff, 0xff, // hostcond.port       = -1, any
                0x0a, 0x00, 0x00, 0x00  // hostcond.addr       = 10.0.0.0, network order
        ), bc);
        assertNull(KernelBytecode.audit(bc));
    }

    @Test
    void aLocalIpv6PrefixIsAnSCondWithSixteenAddressBytes() {
        byte[] bc = InetDiagFilter.allOf(List.of(new Prefix(Side.LOCAL, hex("20010db8000000000000000000000000"), 32)))
                .bytecode();

        assertArrayEquals(concat(bytes(
                0x07,                   // code = INET_DIAG_BC_S_COND (7)
                0x1c,                   // yes  = 28
                0x20, 0x00,             // no   = 32
                0x0a,                   // family     = AF_INET6
                0x20,                   // prefix_len = 32
                0x00, 0x00,
                0xff, 0xff, 0xff, 0xff  // port = -1
        ), hex("20010db8000000000000000000000000")), bc);
        assertNull(KernelBytecode.audit(bc));
    }

    @Test
    void eachConditionOfAConjunctionRejectsByJumpingFourBytesPastTheEnd() {
        byte[] bc = InetDiagFilter.allOf(List.of(
                new Port(Side.LOCAL, 22),
                new Port(Side.PEER, 8080),
                new Prefix(Side.PEER, bytes(10, 0, 0, 0), 8))).bytecode();

        assertEquals(32, bc.length);
        ByteBuffer b = ByteBuffer.wrap(bc).order(ByteOrder.nativeOrder());
        int[] opStarts = {0, 8, 16};
        int[] codes = {Kernel.INET_DIAG_BC_S_EQ, Kernel.INET_DIAG_BC_D_EQ, Kernel.INET_DIAG_BC_D_COND};
        int[] yes = {8, 8, 16};
        for (int i = 0; i < 3; i++) {
            int at = opStarts[i];
            assertEquals(codes[i], b.get(at), "code of op " + i);
            assertEquals(yes[i], b.get(at + 1), "yes of op " + i);
            assertEquals(bc.length + 4, at + Short.toUnsignedInt(b.getShort(at + 2)), "op " + i + " 'no' target");
        }
        assertEquals(8080, Short.toUnsignedInt(b.getShort(8 + 6)));
        assertNull(KernelBytecode.audit(bc));
    }

    @Test
    void aConjunctionSelectsOnlySocketsMeetingEveryCondition() {
        byte[] bc = InetDiagFilter.allOf(List.of(
                new Port(Side.LOCAL, 22), new Prefix(Side.PEER, bytes(10, 0, 0, 0), 8))).bytecode();

        assertTrue(KernelBytecode.run(bc, v4(22, bytes(10, 1, 2, 3))));
        assertFalse(KernelBytecode.run(bc, v4(23, bytes(10, 1, 2, 3))));
        assertFalse(KernelBytecode.run(bc, v4(22, bytes(11, 1, 2, 3))));
    }

    @Test
    void theKernelAuditRejectsARejectJumpThatOvershoots() {
        byte[] bc = InetDiagFilter.allOf(List.of(new Port(Side.LOCAL, 22))).bytecode();
        bc[2] = 16; // no = len + 8

        assertNotNull(KernelBytecode.audit(bc));
    }

    @Test
    void noConditionsMeansNoBytecode() {
        assertTrue(InetDiagFilter.none().isEmpty());
        assertEquals(0, InetDiagFilter.none().bytecode().length);
        assertTrue(InetDiagFilter.allOf(List.of()).isEmpty());
    }

    @Test
    void rejectsPortsOutsideSixteenBits() {
        assertThrows(IllegalArgumentException.class, () -> new Port(Side.LOCAL, -1));
        assertThrows(IllegalArgumentException.class, () -> new Port(Side.LOCAL, 65536));
    }

    @Test
    void rejectsPrefixesLongerThanTheirAddressAndOddAddressSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Prefix(Side.LOCAL, new byte[4], 33));
        assertThrows(IllegalArgumentException.class, () -> new Prefix(Side.LOCAL, new byte[16], 129));
        assertThrows(IllegalArgumentException.class, () -> new Prefix(Side.LOCAL, new byte[4], -1));
        assertThrows(IllegalArgumentException.class, () -> new Prefix(Side.LOCAL, new byte[5], 8));
    }

    @Test
    void aPrefixKeepsItsOwnCopyOfTheAddress() {
        byte[] address = bytes(10, 0, 0, 0);
        Prefix p = new Prefix(Side.PEER, address, 8);

        address[0] = 11;

        assertEquals(new Prefix(Side.PEER, bytes(10, 0, 0, 0), 8), p);
        assertEquals(Kernel.AF_INET, p.family());
    }

    private static KernelBytecode.Entry v4(int sport, byte[] daddr) {
        return new KernelBytecode.Entry(Kernel.AF_INET, sport, 4000, bytes(127, 0, 0, 1), daddr);
    }
}
