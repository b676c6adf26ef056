package sockkill.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sockkill.sys.Kernel;

class NlMsgHdrTest {
    /** A SOCK_DIAG_BY_FAMILY dump request header, as sockkill sends it on x86_64. */
    private static final byte[] DUMP_REQUEST = bytes(
            0x48, 0x00, 0x00, 0x00, // nlmsg_len   = 72 (16 header + 56 inet_diag_req_v2)
            0x14, 0x00,             // nlmsg_type  = 20 SOCK_DIAG_BY_FAMILY
            0x01, 0x03,             // nlmsg_flags = 0x0301 NLM_F_REQUEST | NLM_F_ROOT | NLM_F_MATCH
            0x04, 0x03, 0x02, 0x01, // nlmsg_seq   = 0x01020304
            0x00, 0x00, 0x00, 0x00  // nlmsg_pid   = 0, the kernel
    );

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void encodesEveryFieldAtItsOffsetInNativeOrder() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());

        new NlMsgHdr(72, Kernel.SOCK_DIAG_BY_FAMILY, Kernel.NLM_F_REQUEST | Kernel.NLM_F_DUMP, 0x01020304, 0)
                .encodeTo(b, 0);

        assertArrayEquals(DUMP_REQUEST, b.array());
    }

    @Test
    void decodesTheFixture() {
        NlMsgHdr h = NlMsgHdr.decode(NlBytes.buffer(DUMP_REQUEST), 0);

        assertEquals(new NlMsgHdr(72, 20, 0x301, 0x01020304, 0), h);
    }

    @Test
    void decodesTypeAndFlagsAsUnsigned16BitValues() {
        byte[] reply = bytes(
                0x10, 0x00, 0x00, 0x00, // nlmsg_len   = 16
                0xff, 0xff,             // nlmsg_type  = 0xffff
                0x02, 0x80,             // nlmsg_flags = 0x8002
                0xef, 0xbe, 0xad, 0xde, // nlmsg_seq   = 0xdeadbeef
                0x01, 0x00, 0x00, 0x80  // nlmsg_pid   = 0x80000001
        );

        NlMsgHdr h = NlMsgHdr.decode(NlBytes.buffer(reply), 0);

        assertEquals(0xffff, h.type());
        assertEquals(0x8002, h.flags());
        assertEquals(0xdeadbeef, h.seq());
        assertEquals(0x80000001, h.portId());
    }

    @Test
    void encodesAndDecodesAtAnOffset() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        NlMsgHdr h = new NlMsgHdr(20, Kernel.NLMSG_DONE, Kernel.NLM_F_MULTI, 7, 4242);

        h.encodeTo(b, 8);

        assertArrayEquals(new byte[8], java.util.Arrays.copyOf(b.array(), 8), "bytes before the offset untouched");
        assertEquals(h, NlMsgHdr.decode(b, 8));
    }

    @Test
    void hasRequiresEveryBitOfAMultiBitFlag() {
        NlMsgHdr rootOnly = new NlMsgHdr(16, 20, Kernel.NLM_F_REQUEST | Kernel.NLM_F_ROOT, 1, 0);
        NlMsgHdr dump = new NlMsgHdr(16, 20, Kernel.NLM_F_REQUEST | Kernel.NLM_F_DUMP, 1, 0);

        assertFalse(rootOnly.has(Kernel.NLM_F_DUMP));
        assertTrue(dump.has(Kernel.NLM_F_DUMP));
        assertTrue(dump.has(Kernel.NLM_F_REQUEST));
        assertFalse(dump.has(Kernel.NLM_F_ACK));
    }
}
