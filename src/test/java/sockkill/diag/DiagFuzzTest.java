package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.attribute;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.u32;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sockkill.netlink.Fuzz;
import sockkill.netlink.MalformedMessageException;
import sockkill.netlink.Messages;
import sockkill.netlink.NetlinkMessage;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

/**
 * The sock_diag decoders on random and mutated replies: inet_diag_msg (as a record and read in
 * place), its tcp_info, and unix_diag_msg with its attributes. Every field of whatever decodes is
 * read; the only exception allowed is the decoder's own MalformedMessageException; a guard catches a
 * hang.
 */
class DiagFuzzTest {
    private static final long SEED = 0x13_d1a6L;
    private static final int CASES = 5000;
    private static final Duration GUARD = Duration.ofSeconds(60);

    private static byte[] tcpInfo() {
        byte[] info = new byte[232];
        new Random(7).nextBytes(info);
        return info;
    }

    /** A dump reply datagram: inet_diag_msg with shutdown and tcp_info attributes. */
    private static byte[] inetReply() {
        return NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, 1, ScriptedTransport.PORT, concat(InetDiagMsgTest.FIXTURE,
                attribute(Kernel.INET_DIAG_SHUTDOWN, bytes(3)), attribute(Kernel.INET_DIAG_INFO, tcpInfo())));
    }

    /** A dump reply datagram: unix_diag_msg with name, peer, queue lengths and uid. */
    private static byte[] unixReply() {
        byte[] fixed = bytes(1, 1, 10, 0, 0x39, 0x30, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        return NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, 1, ScriptedTransport.PORT, concat(fixed,
                attribute(Kernel.UNIX_DIAG_NAME, bytes(0, 'a', 0, 'b')), attribute(Kernel.UNIX_DIAG_PEER, u32(99)),
                attribute(Kernel.UNIX_DIAG_RQLEN, concat(u32(1), u32(2))), attribute(Kernel.UNIX_DIAG_UID, u32(1000))));
    }

    private static byte[] input(Random r, byte[] valid) {
        return r.nextInt(5) == 0 ? Fuzz.random(r, 400) : Fuzz.mutate(r, valid);
    }

    /** Decodes each message of {@code datagram} every way sockkill does, reading every field. */
    private static void decodeAll(byte[] datagram) {
        Messages messages = Messages.of(NlBytes.buffer(datagram));
        InetDiagView view = new InetDiagView();
        while (messages.hasNext()) {
            NetlinkMessage m = messages.next();
            try {
                InetDiagMsg d = InetDiagMsg.decode(m);
                touch(d.tcpInfo());
                assertTrue(d.id().source().length == 16 && d.uid() >= 0 && d.inode() >= 0);
            } catch (MalformedMessageException expected) {
                // the decoder's own refusal
            }
            try {
                view.moveTo(m);
                long sum = view.family() + view.state() + view.sourcePort() + view.destinationPort() + view.cookie()
                        + view.receiveQueue() + view.sendQueue() + view.uid() + view.inode()
                        + view.buffer().get(view.sourceAddressOffset() + 15)
                        + view.buffer().get(view.destinationAddressOffset() + 15);
                view.sockId();
                touch(view.tcpInfo());
                view.decode();
                assertTrue(sum != Long.MIN_VALUE);
            } catch (MalformedMessageException expected) {
                // the decoder's own refusal
            }
            try {
                UnixDiagMsg u = UnixDiagMsg.decode(m);
                assertTrue(u.name() != null && u.inode() >= 0 && u.receiveQueue() >= 0);
            } catch (MalformedMessageException expected) {
                // the decoder's own refusal
            }
        }
    }

    private static void touch(TcpInfo t) {
        if (t != null) {
            assertTrue(t.retransmits() >= -1 && t.backoff() >= -1 && t.lastDataSentMillis() >= -1
                    && t.lastDataReceivedMillis() >= -1 && t.lastAckReceivedMillis() >= -1 && t.totalRetransmits() >= -1);
        }
    }

    @Test
    void inetDiagRepliesDecodeOrAreRefusedAsMalformed() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED);
            for (int i = 0; i < CASES; i++) {
                try {
                    decodeAll(input(r, inetReply()));
                } catch (MalformedMessageException expected) {
                    // the message iterator's own refusal
                }
            }
        });
    }

    @Test
    void unixDiagRepliesDecodeOrAreRefusedAsMalformed() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED + 1);
            for (int i = 0; i < CASES; i++) {
                try {
                    decodeAll(input(r, unixReply()));
                } catch (MalformedMessageException expected) {
                    // the message iterator's own refusal
                }
            }
        });
    }
}
