package sockkill.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.ack;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.error;
import static sockkill.netlink.ScriptedTransport.PORT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.sys.Kernel;

/** Requests that want an ack, alone (request) and batched (requestAll), over a scripted kernel. */
class NetlinkConnectionRequestTest {
    private static final int DESTROY = Kernel.SOCK_DESTROY;

    private final ScriptedTransport kernel = new ScriptedTransport();
    private final NetlinkConnection connection = new NetlinkConnection(kernel);

    @AfterEach
    void everyScriptedReplyWasAskedFor() {
        assertEquals(0, kernel.unusedSteps(), "requests the test scripted but the connection never sent");
    }

    @Test
    void sendsTheRequestWithAckFlagsAndReturnsOnAZeroAck() throws IOException {
        kernel.then(req -> List.of(ack(req.seq(), PORT)));

        connection.request(DESTROY, ByteBuffer.wrap(new byte[] {9, 8, 7}), "destroy");

        ScriptedTransport.Sent sent = kernel.lastSent();
        assertEquals(new NlMsgHdr(19, 21, 0x005, sent.seq(), 0), sent.header(), "NLM_F_REQUEST | NLM_F_ACK");
        assertArrayEquals(new byte[] {9, 8, 7}, sent.payload());
        assertEquals(1, kernel.receives());
    }

    @Test
    void anErrorAckOfMinusOneThrowsEperm() {
        kernel.then(req -> List.of(error(req.seq(), PORT, 1, null)));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.request(DESTROY, ByteBuffer.allocate(0), "destroy of x"));

        assertEquals(1, e.errno());
        assertTrue(e.is(Errno.EPERM));
        assertEquals("destroy of x: EPERM (Operation not permitted)", e.getMessage());
    }

    @Test
    void anErrorAckCarriesTheExtendedAckText() {
        kernel.then(req -> List.of(error(req.seq(), PORT, Errno.EOPNOTSUPP.intValue(), "no destroy here")));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.request(DESTROY, ByteBuffer.allocate(0), "destroy"));

        assertTrue(e.is(Errno.EOPNOTSUPP));
        assertEquals("no destroy here", e.kernelMessage().orElseThrow());
    }

    @Test
    void handsRepliesBeforeTheAckToTheHandler() throws IOException {
        List<Integer> seen = new ArrayList<>();
        kernel.then(req -> List.of(
                NlBytes.message(Kernel.SOCK_DIAG_BY_FAMILY, 0, req.seq(), PORT, NlBytes.u32(1234)),
                ack(req.seq(), PORT)));

        connection.request(Kernel.SOCK_DIAG_BY_FAMILY, ByteBuffer.allocate(0), "lookup",
                m -> seen.add(m.buffer().getInt(m.payloadOffset())));

        assertEquals(List.of(1234), seen);
    }

    @Test
    void anUnexpectedReplyToAnAckOnlyRequestIsMalformed() {
        kernel.then(req -> List.of(concat(
                NlBytes.message(Kernel.SOCK_DIAG_BY_FAMILY, 0, req.seq(), PORT, NlBytes.u32(1)),
                ack(req.seq(), PORT))));

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> connection.request(DESTROY, ByteBuffer.allocate(0), "destroy"));

        assertTrue(e.getMessage().contains("unexpected message type 20"), e.getMessage());
    }

    @Test
    void aStaleAckOfAnEarlierRequestDoesNotEndThisOne() {
        kernel.then(req -> List.of(concat(ack(req.seq() - 1, PORT), error(req.seq(), PORT, 2, null))));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.request(DESTROY, ByteBuffer.allocate(0), "destroy"));

        assertEquals(2, e.errno());
    }

    @Test
    void anAckAddressedToAnotherPortIsMalformed() {
        kernel.then(req -> List.of(ack(req.seq(), PORT + 7)));

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> connection.request(DESTROY, ByteBuffer.allocate(0), "destroy"));

        assertEquals(0, e.offset());
    }

    @Test
    void requestAllBatchesEveryRequestIntoOneDatagramWithConsecutiveSequenceNumbers() throws IOException {
        kernel.then(req -> List.of(concat(ack(req.seq(), PORT), ack(req.seq() + 1, PORT), ack(req.seq() + 2, PORT))));
        ByteBuffer[] payloads = {payload(5, 'a'), payload(8, 'b'), payload(1, 'c')};

        connection.requestAll(DESTROY, payloads, (i, errno, text) -> { });

        assertEquals(1, kernel.sent().size());
        ScriptedTransport.Sent batch = kernel.lastSent();
        List<NetlinkMessage> messages = batch.messages();
        assertEquals(3, messages.size());
        int seq = messages.get(0).header().seq();
        assertEquals(new NlMsgHdr(21, 21, 0x005, seq, 0), messages.get(0).header());
        assertEquals(new NlMsgHdr(24, 21, 0x005, seq + 1, 0), messages.get(1).header());
        assertEquals(new NlMsgHdr(17, 21, 0x005, seq + 2, 0), messages.get(2).header());
        assertEquals(List.of(16, 40, 64), messages.stream().map(NetlinkMessage::payloadOffset).toList(),
                "each message starts on a 4-byte boundary");
        assertEquals(68, batch.bytes().length);
        assertArrayEquals("aaaaa".getBytes(StandardCharsets.US_ASCII), batch.payload(0));
        assertArrayEquals("bbbbbbbb".getBytes(StandardCharsets.US_ASCII), batch.payload(1));
        assertArrayEquals("c".getBytes(StandardCharsets.US_ASCII), batch.payload(2));
        assertEquals(0, payloads[0].position(), "the caller's payloads are not consumed");
    }

    @Test
    void requestAllReportsEachAckByIndexAsItArrivesOutOfOrderOverSeveralDatagrams() throws IOException {
        kernel.then(req -> List.of(
                error(req.seq() + 2, PORT, Errno.ENOENT.intValue(), "no such socket"),
                concat(ack(req.seq(), PORT), error(req.seq() + 1, PORT, Errno.EPERM.intValue(), null))));
        List<String> outcomes = new ArrayList<>();

        connection.requestAll(DESTROY, new ByteBuffer[] {payload(4, 'x'), payload(4, 'y'), payload(4, 'z')},
                (i, errno, text) -> outcomes.add(i + ":" + errno + ":" + text));

        assertEquals(List.of("2:2:no such socket", "0:0:null", "1:1:null"), outcomes);
        assertEquals(2, kernel.receives());
    }

    @Test
    void requestAllSkipsAcksThatAnswerNoRequestOfTheBatch() throws IOException {
        kernel.then(req -> List.of(concat(ack(req.seq() - 1, PORT), ack(req.seq() + 2, PORT),
                ack(req.seq(), PORT)), ack(req.seq() + 1, PORT)));
        List<Integer> acked = new ArrayList<>();

        connection.requestAll(DESTROY, new ByteBuffer[] {payload(4, 'x'), payload(4, 'y')},
                (i, errno, text) -> acked.add(i));

        assertEquals(List.of(0, 1), acked);
    }

    @Test
    void requestAllOfNothingSendsNothing() throws IOException {
        connection.requestAll(DESTROY, new ByteBuffer[0], (i, errno, text) -> {
            throw new AssertionError("no ack expected");
        });

        assertEquals(List.of(), kernel.sent());
    }

    @Test
    void numberingContinuesAfterABatch() throws IOException {
        kernel.then(req -> List.of(concat(ack(req.seq(), PORT), ack(req.seq() + 1, PORT))))
                .then(req -> List.of(ack(req.seq(), PORT)));

        connection.requestAll(DESTROY, new ByteBuffer[] {payload(4, 'x'), payload(4, 'y')}, (i, e, t) -> { });
        connection.request(DESTROY, payload(4, 'z'), "destroy");

        assertEquals(kernel.sent().get(0).seq() + 2, kernel.sent().get(1).seq());
    }

    private static ByteBuffer payload(int length, char fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }
}
