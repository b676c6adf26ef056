package sockkill.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The strict datagram iterator: every malformed shape throws with the offset of the culprit, none loops. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class MessagesTest {
    /** Three messages as the kernel packs them, the last one without its padding. */
    private static final byte[] THREE_MESSAGES = bytes(
            // message 1 at 0: header only
            0x10, 0x00, 0x00, 0x00, // nlmsg_len   = 16
            0x01, 0x00,             // nlmsg_type  = 1 NLMSG_NOOP
            0x00, 0x00,             // nlmsg_flags = 0
            0x01, 0x00, 0x00, 0x00, // nlmsg_seq   = 1
            0x2a, 0x4d, 0x00, 0x00, // nlmsg_pid   = 0x4d2a
            // message 2 at 16: 5-byte payload, then 3 bytes of padding
            0x15, 0x00, 0x00, 0x00, // nlmsg_len   = 21
            0x14, 0x00,             // nlmsg_type  = 20
            0x02, 0x00,             // nlmsg_flags = NLM_F_MULTI
            0x02, 0x00, 0x00, 0x00, // nlmsg_seq   = 2
            0x2a, 0x4d, 0x00, 0x00, // nlmsg_pid
            0x61, 0x62, 0x63, 0x64, 0x65, // payload "abcde"
            0x00, 0x00, 0x00,       // padding to 40
            // message 3 at 40: 2-byte payload, its padding not sent
            0x12, 0x00, 0x00, 0x00, // nlmsg_len   = 18
            0x03, 0x00,             // nlmsg_type  = 3 NLMSG_DONE
            0x02, 0x00,             // nlmsg_flags = NLM_F_MULTI
            0x03, 0x00, 0x00, 0x00, // nlmsg_seq   = 3
            0x2a, 0x4d, 0x00, 0x00, // nlmsg_pid
            0x7a, 0x7a              // payload "zz"; the datagram ends at 58
    );

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void iteratesEveryMessageOfADatagramSkippingPaddingAndAcceptingAnUnpaddedLastOne() {
        List<NetlinkMessage> all = drain(Messages.of(NlBytes.buffer(THREE_MESSAGES)));

        assertEquals(3, all.size());
        assertEquals(1, all.get(0).type());
        assertEquals(16, all.get(0).payloadOffset());
        assertEquals(0, all.get(0).payloadLength());

        assertEquals(20, all.get(1).type());
        assertEquals(2, all.get(1).header().seq());
        assertEquals(32, all.get(1).payloadOffset());
        assertEquals(5, all.get(1).payloadLength());
        assertEquals('a', all.get(1).buffer().get(32));
        assertEquals('e', all.get(1).buffer().get(36));

        assertEquals(3, all.get(2).type());
        assertEquals(56, all.get(2).payloadOffset());
        assertEquals(2, all.get(2).payloadLength());
    }

    @Test
    void anEmptyDatagramHasNoMessages() {
        Messages m = Messages.of(ByteBuffer.allocate(0));

        assertFalse(m.hasNext());
        assertThrows(NoSuchElementException.class, m::next);
    }

    @Test
    void readsOnlyUpToTheBufferLimit() {
        ByteBuffer b = NlBytes.buffer(concat(THREE_MESSAGES, new byte[64])).limit(THREE_MESSAGES.length);

        assertEquals(3, drain(Messages.of(b)).size());
    }

    @Test
    void aHeaderTruncatedAfterValidMessagesFailsAtItsStart() {
        byte[] datagram = concat(first(40), new byte[10]);

        MalformedMessageException e = failOnThird(datagram);

        assertEquals(40, e.offset());
    }

    @Test
    void aDatagramShorterThanOneHeaderFailsAtOffsetZero() {
        Messages m = Messages.of(NlBytes.buffer(java.util.Arrays.copyOf(THREE_MESSAGES, 15)));

        assertTrue(m.hasNext());
        assertEquals(0, assertThrows(MalformedMessageException.class, m::next).offset());
    }

    @Test
    void aLengthBelowTheHeaderSizeFailsAtThatMessage() {
        byte[] datagram = concat(first(40), NlBytes.header(8, 20, 0, 3, ScriptedTransport.PORT));

        MalformedMessageException e = failOnThird(datagram);

        assertEquals(40, e.offset());
        assertTrue(e.getMessage().contains("nlmsg_len 8"), e.getMessage());
    }

    @Test
    void aZeroLengthFailsInsteadOfLoopingOnTheSameMessage() {
        Messages m = Messages.of(NlBytes.buffer(NlBytes.header(0, 20, 0, 1, 0)));

        assertEquals(0, assertThrows(MalformedMessageException.class, m::next).offset());
    }

    @Test
    void aLengthWithTheTopBitSetIsRejectedNotTakenAsNegative() {
        byte[] datagram = concat(NlBytes.header(0xffff_fff0, 20, 0, 1, 0), new byte[16]);

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Messages.of(NlBytes.buffer(datagram)).next());

        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("4294967280"), e.getMessage());
    }

    @Test
    void aLengthBeyondTheDatagramFailsAtThatMessage() {
        // a third message that claims 100 bytes where 20 are left
        byte[] datagram = concat(first(40), NlBytes.header(100, 20, 0, 3, 0), new byte[4]);

        MalformedMessageException e = failOnThird(datagram);

        assertEquals(40, e.offset());
        assertTrue(e.getMessage().contains("nlmsg_len 100"), e.getMessage());
    }

    @Test
    void trailingGarbageAfterTheLastMessageFailsWhereTheGarbageStarts() {
        byte[] oneMessage = NlBytes.message(20, 0, 1, 0, bytes(1, 2, 3, 4)); // 20 bytes
        Messages m = Messages.of(NlBytes.buffer(concat(oneMessage, bytes(0xde, 0xad, 0xbe, 0xef, 0x99))));

        assertEquals(20, m.next().type());
        assertTrue(m.hasNext());
        MalformedMessageException e = assertThrows(MalformedMessageException.class, m::next);

        assertEquals(20, e.offset());
        assertTrue(e.getMessage().contains("5 trailing bytes"), e.getMessage());
    }

    /** The first two messages of the fixture, re-padded: 40 bytes. */
    private static byte[] first(int length) {
        return java.util.Arrays.copyOf(THREE_MESSAGES, length);
    }

    private static MalformedMessageException failOnThird(byte[] datagram) {
        Messages m = Messages.of(NlBytes.buffer(datagram));
        m.next();
        m.next();
        assertTrue(m.hasNext());
        return assertThrows(MalformedMessageException.class, m::next);
    }

    private static List<NetlinkMessage> drain(Messages m) {
        List<NetlinkMessage> out = new ArrayList<>();
        while (m.hasNext()) {
            out.add(m.next());
        }
        return out;
    }
}
