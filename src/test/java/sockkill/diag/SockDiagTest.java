package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.ack;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.done;
import static sockkill.netlink.ScriptedTransport.PORT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.netlink.DumpInterruptedException;
import sockkill.netlink.NetlinkErrorException;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

/** SockDiag's dumps, lookups and destroys against scripted kernels, one per netlink socket it opens. */
class SockDiagTest {
    private static final InetDiagMsg FIRST = new InetDiagMsg(Kernel.AF_INET, Kernel.TCP_ESTABLISHED, 0, 0,
            SockIdTest.IPV4, 0, 0, 0, 1000, 4711, null);
    private static final InetDiagMsg SECOND = new InetDiagMsg(Kernel.AF_INET, Kernel.TCP_LISTEN, 0, 0,
            new SockId(22, 0, bytes(0, 0, 0, 0), new byte[4], 0, 99), 0, 0, 128, 0, 4712, null);
    private static final InetDump TCP4 = new InetDump(Kernel.AF_INET, Kernel.IPPROTO_TCP, InetDump.ALL_STATES, 0, null);

    private final Deque<ScriptedTransport> toOpen = new ArrayDeque<>();
    private final List<ScriptedTransport> opened = new ArrayList<>();
    private final SockDiag diag = new SockDiag(() -> {
        ScriptedTransport t = toOpen.poll();
        if (t == null) {
            throw new AssertionError("SockDiag opened more netlink sockets than the test provided");
        }
        opened.add(t);
        return t;
    });

    private ScriptedTransport kernel() {
        ScriptedTransport t = new ScriptedTransport();
        toOpen.add(t);
        return t;
    }

    /** Every socket of a dump, each view decoded into the record it shows. */
    private List<InetDiagMsg> collect(InetDump dump) throws IOException {
        List<InetDiagMsg> out = new ArrayList<>();
        diag.scanInetViews(dump, v -> out.add(v.decode()));
        return out;
    }

    @Test
    void aDumpSendsOneDumpRequestAndShowsEveryReply() throws IOException {
        InetDiagFilter filter = InetDiagFilter.allOf(List.of(new InetDiagFilter.Port(InetDiagFilter.Side.LOCAL, 22)));
        InetDump dump = new InetDump(Kernel.AF_INET, Kernel.IPPROTO_TCP, 1 << Kernel.TCP_ESTABLISHED, 2, filter);
        ScriptedTransport kernel = kernel().then(req -> List.of(
                concat(reply(req.seq(), FIRST), reply(req.seq(), SECOND)), done(req.seq(), PORT, 0)));

        List<InetDiagMsg> found = collect(dump);

        assertEquals(List.of(FIRST, SECOND), found);
        ScriptedTransport.Sent sent = kernel.lastSent();
        assertEquals(Kernel.SOCK_DIAG_BY_FAMILY, sent.header().type());
        assertEquals(Kernel.NLM_F_REQUEST | Kernel.NLM_F_DUMP, sent.header().flags());
        assertArrayEquals(NlBytes.toArray(InetDiagRequest.dump(Kernel.AF_INET, Kernel.IPPROTO_TCP,
                1 << Kernel.TCP_ESTABLISHED, 2, filter)), sent.payload());
    }

    @Test
    void findInetSearchesAgainWhenADumpWithoutTheInodeWasInterrupted() throws IOException {
        ScriptedTransport kernel = kernel()
                .then(req -> List.of(concat(interrupted(req.seq(), FIRST), done(req.seq(), PORT, 0))))
                .then(req -> List.of(concat(reply(req.seq(), SECOND), done(req.seq(), PORT, 0))));

        Optional<InetDiagMsg> found = diag.findInet(TCP4, SECOND.inode());

        assertEquals(Optional.of(SECOND), found);
        assertEquals(2, kernel.sent().size());
        assertEquals(1, opened.size(), "the retry reuses the dump socket");
    }

    @Test
    void findInetGivesUpAfterThreeInterruptedDumps() {
        ScriptedTransport kernel = kernel();
        for (int i = 0; i < 3; i++) {
            kernel.then(req -> List.of(concat(interrupted(req.seq(), FIRST), done(req.seq(), PORT, 0))));
        }

        assertThrows(DumpInterruptedException.class, () -> diag.findInet(TCP4, SECOND.inode()));

        assertEquals(3, kernel.sent().size());
    }

    @Test
    void aScanThatStopsEarlyRetiresTheDumpSocket() throws IOException {
        ScriptedTransport first = kernel().then(req -> List.of(
                concat(reply(req.seq(), FIRST), reply(req.seq(), SECOND)), done(req.seq(), PORT, 0)));
        ScriptedTransport second = kernel().then(req -> List.of(concat(reply(req.seq(), SECOND),
                done(req.seq(), PORT, 0))));

        boolean complete = diag.scanInetViews(TCP4, v -> false);
        List<InetDiagMsg> again = collect(TCP4);

        assertFalse(complete);
        assertTrue(first.isClosed());
        assertEquals(List.of(SECOND), again);
        assertEquals(1, second.sent().size());
    }

    @Test
    void lookupInetSendsAnAckedExactRequestAndReturnsTheReply() throws IOException {
        ScriptedTransport kernel = kernel().then(req -> List.of(concat(
                NlBytes.message(Kernel.SOCK_DIAG_BY_FAMILY, 0, req.seq(), PORT, encode(FIRST)),
                ack(req.seq(), PORT))));

        Optional<InetDiagMsg> found = diag.lookupInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4, 0);

        assertEquals(Optional.of(FIRST), found);
        assertEquals(Kernel.NLM_F_REQUEST | Kernel.NLM_F_ACK, kernel.lastSent().header().flags());
        byte[] expected = NlBytes.toArray(
                InetDiagRequest.exact(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4, 0));
        assertArrayEquals(expected, kernel.lastSent().payload());
    }

    @Test
    void lookupInetOfAUdpSocketSendsTheTupleSwappedAsUdpDiagExpects() throws IOException {
        ScriptedTransport kernel = kernel().then(req -> List.of(ack(req.seq(), PORT)));

        diag.lookupInet(Kernel.AF_INET, Kernel.IPPROTO_UDP, SockIdTest.IPV4, 0);

        SockId sent = SockId.decode(NlBytes.buffer(kernel.lastSent().payload()), 8);
        assertEquals(443, sent.sourcePort());
        assertEquals(8080, sent.destinationPort());
        assertArrayEquals(SockIdTest.IPV4.destination(), sent.source());
        assertEquals(SockIdTest.IPV4.cookie(), sent.cookie());
    }

    @Test
    void lookupInetFindsNothingOnEnoent() throws IOException {
        kernel().then(req -> List.of(NlBytes.error(req.seq(), PORT, Errno.ENOENT.intValue(), null)));

        assertEquals(Optional.empty(), diag.lookupInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4, 0));
    }

    @Test
    void lookupInetPassesOtherErrorsOn() {
        kernel().then(req -> List.of(NlBytes.error(req.seq(), PORT, Errno.EPERM.intValue(), null)));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> diag.lookupInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4, 0));

        assertEquals(1, e.errno());
    }

    @Test
    void destroyInetSendsSockDestroyWithTheExactSockid() throws IOException {
        ScriptedTransport kernel = kernel().then(req -> List.of(ack(req.seq(), PORT)));

        diag.destroyInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4);

        ScriptedTransport.Sent sent = kernel.lastSent();
        assertEquals(21, sent.header().type(), "SOCK_DESTROY");
        assertEquals(0x005, sent.header().flags(), "NLM_F_REQUEST | NLM_F_ACK");
        assertEquals(16 + 56, sent.header().length());
        byte[] payload = sent.payload();
        assertEquals(Kernel.AF_INET, payload[0]);
        assertEquals(Kernel.IPPROTO_TCP, payload[1]);
        assertArrayEquals(SockIdTest.IPV4_FIXTURE, Arrays.copyOfRange(payload, 8, 56), "sockid, cookie included");
    }

    @Test
    void destroyInetThrowsTheKernelsRefusal() {
        kernel().then(req -> List.of(NlBytes.error(req.seq(), PORT, Errno.EPERM.intValue(), null)));

        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> diag.destroyInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4));

        assertTrue(e.is(Errno.EPERM));
    }

    @Test
    void destroyInetRefusesTheNoCookieWildcardWithoutTouchingTheKernel() {
        SockId loose = SockIdTest.IPV4.withCookie(Kernel.INET_DIAG_NOCOOKIE);

        assertThrows(IllegalArgumentException.class,
                () -> diag.destroyInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, loose));

        assertEquals(List.of(), opened);
    }

    @Test
    void dumpsAndDestroysUseSeparateSockets() throws IOException {
        ScriptedTransport dumps = kernel().then(req -> List.of(done(req.seq(), PORT, 0)));
        ScriptedTransport control = kernel().then(req -> List.of(ack(req.seq(), PORT)));

        collect(TCP4);
        diag.destroyInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4);

        assertEquals(Kernel.SOCK_DIAG_BY_FAMILY, dumps.lastSent().header().type());
        assertEquals(Kernel.SOCK_DESTROY, control.lastSent().header().type());
    }

    @Test
    void aUnixScanAsksForNamePeerQueuesAndUidAndDecodesTheReplies() throws IOException {
        byte[] unixMsg = concat(bytes(1, Kernel.SOCK_DGRAM, Kernel.TCP_CLOSE, 0), NlBytes.u32(777), new byte[8],
                NlBytes.attribute(Kernel.UNIX_DIAG_NAME, bytes(0, 'x')));
        ScriptedTransport kernel = kernel().then(req -> List.of(concat(
                NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, req.seq(), PORT, unixMsg), done(req.seq(), PORT, 0))));

        List<UnixDiagMsg> found = new ArrayList<>();
        diag.scanUnix(1 << Kernel.TCP_CLOSE, found::add);

        assertEquals(1, found.size());
        assertEquals(777, found.get(0).inode());
        assertEquals("@x", found.get(0).name());
        ByteBuffer request = NlBytes.buffer(kernel.lastSent().payload());
        assertEquals(24, request.limit());
        assertEquals(Kernel.AF_UNIX, request.get(0));
        assertEquals(1 << Kernel.TCP_CLOSE, request.getInt(4));
        assertEquals(0x55, request.getInt(12), "UDIAG_SHOW_NAME | PEER | RQLEN | UID");
    }

    @Test
    void closeClosesEverySocketItOpened() throws IOException {
        ScriptedTransport dumps = kernel().then(req -> List.of(done(req.seq(), PORT, 0)));
        ScriptedTransport control = kernel().then(req -> List.of(ack(req.seq(), PORT)));
        collect(TCP4);
        diag.destroyInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, SockIdTest.IPV4);

        diag.close();

        assertTrue(dumps.isClosed());
        assertTrue(control.isClosed());
    }

    private static byte[] reply(int seq, InetDiagMsg m) {
        return NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, seq, PORT, encode(m));
    }

    private static byte[] interrupted(int seq, InetDiagMsg m) {
        return NlBytes.message(Kernel.SOCK_DIAG_BY_FAMILY, Kernel.NLM_F_MULTI | Kernel.NLM_F_DUMP_INTR, seq, PORT,
                encode(m));
    }

    private static byte[] encode(InetDiagMsg m) {
        ByteBuffer b = ByteBuffer.allocate(InetDiagMsg.SIZE).order(ByteOrder.nativeOrder());
        m.encodeTo(b, 0);
        return b.array();
    }
}
