package sockkill.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.done;
import static sockkill.netlink.NlBytes.error;
import static sockkill.netlink.ScriptedTransport.PORT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.sys.Kernel;

/** Dumps over a scripted kernel: multipart replies, errors, NLM_F_DUMP_INTR, stale and misaddressed messages. */
class NetlinkConnectionDumpTest {
    private static final int TYPE = Kernel.SOCK_DIAG_BY_FAMILY;

    private final ScriptedTransport kernel = new ScriptedTransport();
    private final NetlinkConnection connection = new NetlinkConnection(kernel);
    private final List<String> delivered = new ArrayList<>();

    @AfterEach
    void everyScriptedReplyWasAskedFor() {
        assertEquals(0, kernel.unusedSteps(), "requests the test scripted but the connection never sent");
    }

    @Test
    void sendsOneRequestWithItsLengthTypeDumpFlagsAndPayload() throws IOException {
        kernel.then(req -> List.of(done(req.seq(), PORT, 0)));
        ByteBuffer payload = ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII));

        connection.dump(TYPE, payload, "test dump", this::collect);

        ScriptedTransport.Sent sent = kernel.lastSent();
        assertEquals(21, sent.bytes().length, "16-byte header + 5-byte payload");
        assertEquals(21, sent.header().length());
        assertEquals(20, sent.header().type());
        assertEquals(0x301, sent.header().flags(), "NLM_F_REQUEST | NLM_F_DUMP");
        assertEquals(0, sent.header().portId(), "addressed to the kernel");
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), sent.payload());
        assertEquals(0, payload.position(), "the caller's payload buffer is not consumed");
    }

    @Test
    void numbersEachRequestOneAboveThePrevious() throws IOException {
        kernel.then(req -> List.of(done(req.seq(), PORT, 0)))
                .then(req -> List.of(done(req.seq(), PORT, 0)))
                .then(req -> List.of(NlBytes.ack(req.seq(), PORT)));

        connection.dump(TYPE, ByteBuffer.allocate(0), "first", this::collect);
        connection.dump(TYPE, ByteBuffer.allocate(0), "second", this::collect);
        connection.request(Kernel.SOCK_DESTROY, ByteBuffer.allocate(0), "third");

        List<ScriptedTransport.Sent> sent = kernel.sent();
        assertEquals(sent.get(0).seq() + 1, sent.get(1).seq());
        assertEquals(sent.get(1).seq() + 1, sent.get(2).seq());
    }

    @Test
    void deliversAMultipartDumpSpreadOverSeveralDatagramsUntilDone() throws IOException {
        kernel.then(req -> List.of(
                concat(item(req.seq(), "a"), item(req.seq(), "bb")),
                item(req.seq(), "ccc"),
                concat(item(req.seq(), "dddd"), done(req.seq(), PORT, 0))));

        boolean complete = connection.dump(TYPE, ByteBuffer.allocate(0), "test dump", this::collect);

        assertTrue(complete);
        assertEquals(List.of("a", "bb", "ccc", "dddd"), delivered);
        assertEquals(3, kernel.receives());
    }

    @Test
    void readsNothingAfterDone() throws IOException {
        kernel.then(req -> List.of(done(req.seq(), PORT, 0), item(req.seq(), "never read")));

        connection.dump(TYPE, ByteBuffer.allocate(0), "test dump", this::collect);

        assertEquals(List.of(), delivered);
        assertEquals(1, kernel.unread());
    }

    @Test
    void anErrorDuringADumpThrowsItsErrnoAndTheExtendedAckText() {
        kernel.then(req -> List.of(item(req.seq(), "a"),
                error(req.seq(), PORT, Errno.EINVAL.intValue(), "Invalid bytecode")));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "ipv4 tcp dump", this::collect));

        assertEquals(22, e.errno());
        assertEquals("Invalid bytecode", e.kernelMessage().orElseThrow());
        assertEquals("ipv4 tcp dump: EINVAL (Invalid argument): Invalid bytecode", e.getMessage());
        assertEquals(List.of("a"), delivered);
    }

    @Test
    void findsTheExtendedAckTextAfterAWholeEchoedRequest() {
        // without NETLINK_CAP_ACK the kernel echoes the request whole; the TLVs follow it
        kernel.then(req -> List.of(NlBytes.uncappedError(PORT, Errno.EPERM.intValue(), req.bytes(),
                "needs CAP_NET_ADMIN")));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.dump(TYPE, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), "dump", this::collect));

        assertEquals(1, e.errno());
        assertEquals("needs CAP_NET_ADMIN", e.kernelMessage().orElseThrow());
    }

    @Test
    void anErrorWithoutExtendedAckHasNoKernelMessage() {
        kernel.then(req -> List.of(error(req.seq(), PORT, Errno.ENOENT.intValue(), null)));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));

        assertTrue(e.is(Errno.ENOENT));
        assertTrue(e.kernelMessage().isEmpty());
    }

    @Test
    void doneCarryingANegativeErrnoThrowsIt() {
        kernel.then(req -> List.of(concat(item(req.seq(), "a"), done(req.seq(), PORT, -Errno.EBUSY.intValue()))));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));

        assertEquals(Errno.EBUSY.intValue(), e.errno());
        assertTrue(e.kernelMessage().isEmpty());
        assertEquals(List.of("a"), delivered);
    }

    @Test
    void doneCarryingANegativeErrnoAndTextThrowsBoth() {
        kernel.then(req -> List.of(done(req.seq(), PORT, -Errno.ENOBUFS.intValue(), "dump too big")));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));

        assertEquals(Errno.ENOBUFS.intValue(), e.errno());
        assertEquals("dump too big", e.kernelMessage().orElseThrow());
    }

    @Test
    void anInterruptedDumpDeliversEveryMessageThenThrows() throws IOException {
        kernel.then(req -> List.of(
                concat(item(req.seq(), "a"),
                        NlBytes.message(TYPE, Kernel.NLM_F_MULTI | Kernel.NLM_F_DUMP_INTR, req.seq(), PORT,
                                "b".getBytes(StandardCharsets.US_ASCII))),
                concat(item(req.seq(), "c"), done(req.seq(), PORT, 0))))
                .then(req -> List.of(concat(item(req.seq(), "again"), done(req.seq(), PORT, 0))));

        DumpInterruptedException e = assertThrows(DumpInterruptedException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "ipv6 udp dump", this::collect));

        assertEquals(List.of("a", "b", "c"), delivered);
        assertTrue(e.getMessage().startsWith("ipv6 udp dump: "), e.getMessage());
        // the dump ran to NLMSG_DONE, so the connection can dump again
        delivered.clear();
        assertTrue(connection.dump(TYPE, ByteBuffer.allocate(0), "retry", this::collect));
        assertEquals(List.of("again"), delivered);
    }

    @Test
    void theInterruptFlagOnDoneAloneAlsoCounts() {
        kernel.then(req -> List.of(concat(item(req.seq(), "a"),
                NlBytes.message(Kernel.NLMSG_DONE, Kernel.NLM_F_MULTI | Kernel.NLM_F_DUMP_INTR, req.seq(), PORT,
                        NlBytes.u32(0)))));

        assertThrows(DumpInterruptedException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));
        assertEquals(List.of("a"), delivered);
    }

    @Test
    void skipsStaleMessagesOfAnEarlierSequenceNumber() throws IOException {
        kernel.then(req -> List.of(
                concat(item(req.seq() - 1, "stale"), done(req.seq() - 1, PORT, 0), item(req.seq(), "fresh")),
                done(req.seq(), PORT, 0)));

        connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect);

        assertEquals(List.of("fresh"), delivered);
        assertEquals(2, kernel.receives(), "the stale NLMSG_DONE did not end the dump");
    }

    @Test
    void aMessageAddressedToAnotherPortIsMalformed() {
        kernel.then(req -> List.of(concat(item(req.seq(), "a"),
                NlBytes.multi(TYPE, req.seq(), PORT + 1, "b".getBytes(StandardCharsets.US_ASCII)))));

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));

        assertEquals(20, e.offset(), "the second message starts after the first one's 20 bytes");
        assertTrue(e.getMessage().contains("port " + (PORT + 1)), e.getMessage());
    }

    @Test
    void aHandlerReturningFalseStopsTheDumpAndSpendsTheConnection() throws IOException {
        kernel.then(req -> List.of(
                concat(item(req.seq(), "a"), item(req.seq(), "b"), item(req.seq(), "c")),
                done(req.seq(), PORT, 0)));

        boolean complete = connection.dump(TYPE, ByteBuffer.allocate(0), "dump", m -> {
            collect(m);
            return !delivered.contains("b");
        });

        assertFalse(complete);
        assertEquals(List.of("a", "b"), delivered);
        assertTrue(kernel.receives() <= 2, "the read-ahead fetches at most up to the end of the request");
        assertThrows(IllegalStateException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "again", this::collect));
        assertThrows(IllegalStateException.class,
                () -> connection.request(Kernel.SOCK_DESTROY, ByteBuffer.allocate(0), "destroy"));
        assertThrows(IllegalStateException.class,
                () -> connection.requestAll(Kernel.SOCK_DESTROY, new ByteBuffer[] {ByteBuffer.allocate(0)},
                        (i, errno, text) -> { }));
        assertEquals(1, kernel.sent().size(), "nothing more was sent");
    }

    @Test
    void skipsNoopMessages() throws IOException {
        kernel.then(req -> List.of(concat(NlBytes.message(Kernel.NLMSG_NOOP, 0, req.seq(), PORT, new byte[0]),
                item(req.seq(), "a"), done(req.seq(), PORT, 0))));

        connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect);

        assertEquals(List.of("a"), delivered);
    }

    @Test
    void anOverrunFailsTheDump() {
        kernel.then(req -> List.of(NlBytes.message(Kernel.NLMSG_OVERRUN, 0, req.seq(), PORT, new byte[0])));

        IOException e = assertThrows(IOException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));

        assertTrue(e.getMessage().contains("overrun"), e.getMessage());
    }

    @Test
    void anAckInTheMiddleOfADumpIsMalformed() {
        kernel.then(req -> List.of(concat(item(req.seq(), "a"), NlBytes.ack(req.seq(), PORT))));

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> connection.dump(TYPE, ByteBuffer.allocate(0), "dump", this::collect));

        assertEquals(36, e.offset(), "the ack's nlmsgerr payload; the ack starts after the item's 20 bytes");
    }

    @Test
    void closeClosesTheTransport() throws IOException {
        connection.close();

        assertTrue(kernel.isClosed());
    }

    private boolean collect(NetlinkMessage m) {
        byte[] payload = new byte[m.payloadLength()];
        m.buffer().get(m.payloadOffset(), payload);
        delivered.add(new String(payload, StandardCharsets.US_ASCII));
        return true;
    }

    private static byte[] item(int seq, String text) {
        return NlBytes.multi(TYPE, seq, PORT, text.getBytes(StandardCharsets.US_ASCII));
    }
}
