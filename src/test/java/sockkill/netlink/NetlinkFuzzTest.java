package sockkill.netlink;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.attribute;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;
import static sockkill.netlink.NlBytes.cstring;
import static sockkill.netlink.NlBytes.u32;
import static sockkill.netlink.ScriptedTransport.PORT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sockkill.sys.Kernel;

/**
 * The netlink codec on random and mutated input: the message iterator, attribute runs, and a dump's
 * receive loop over a scripted kernel. Whatever the bytes, each ends or throws its own documented
 * exception (MalformedMessageException; for the receive loop also the kernel's error, an
 * interrupted dump or an overrun): never another exception, never a hang (a generous guard).
 */
class NetlinkFuzzTest {
    private static final long SEED = 0x13_5eedL;
    private static final int CASES = 4000;
    private static final Duration GUARD = Duration.ofSeconds(60);

    /** A valid dump reply: two messages with attributes, then NLMSG_DONE, in one datagram. */
    private static byte[] validDatagram(int seq) {
        byte[] attrs = concat(attribute(1, cstring("name")), attribute(2, u32(7)), attribute(8, bytes(3)));
        return concat(NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, seq, PORT, concat(new byte[72], attrs)),
                NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, seq, PORT, new byte[16]),
                NlBytes.done(seq, PORT, 0));
    }

    private static byte[] validAttributes() {
        return concat(attribute(1, cstring("abc")), attribute(2, u32(42)), attribute(0x8003, new byte[0]),
                attribute(4, new byte[13]));
    }

    private static byte[] input(Random r, byte[] valid) {
        return r.nextInt(4) == 0 ? Fuzz.random(r, 200) : Fuzz.mutate(r, valid);
    }

    @Test
    void theMessageIteratorEndsOrSaysWhereTheBytesAreMalformed() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED);
            for (int i = 0; i < CASES; i++) {
                byte[] d = input(r, validDatagram(1));
                try {
                    Messages m = Messages.of(NlBytes.buffer(d));
                    int n = 0;
                    while (m.hasNext()) {
                        NetlinkMessage msg = m.next();
                        assertTrue(msg.payloadOffset() >= 16 && msg.payloadOffset() + msg.payloadLength() <= d.length,
                                "case " + i + ": a message outside the datagram");
                        assertTrue(++n <= d.length / 16, "case " + i + ": more messages than the bytes can hold");
                    }
                } catch (MalformedMessageException expected) {
                    // the decoder's own refusal
                }
            }
        });
    }

    @Test
    void attributeRunsParseOrSayWhereTheyAreMalformed() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED + 1);
            for (int i = 0; i < CASES; i++) {
                byte[] a = input(r, validAttributes());
                ByteBuffer b = NlBytes.buffer(a);
                try {
                    for (Attribute attr : Attributes.parse(b, 0, a.length).all()) {
                        assertTrue(attr.valueOffset() + attr.valueLength() <= a.length, "case " + i);
                        attr.string();
                        attr.bytes();
                        if (attr.valueLength() >= 4) {
                            attr.u32();
                        }
                    }
                } catch (MalformedMessageException expected) {
                    // the decoder's own refusal
                }
                try {
                    Optional<Attribute> found = Attributes.find(b, 0, a.length, 2);
                    found.ifPresent(Attribute::bytes);
                } catch (MalformedMessageException expected) {
                    // the decoder's own refusal
                }
            }
        });
    }

    @Test
    void aDumpOverAMisbehavingKernelEndsOrFailsWithItsOwnExceptions() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED + 2);
            for (int i = 0; i < CASES / 4; i++) {
                long caseSeed = r.nextLong();
                ScriptedTransport kernel = new ScriptedTransport();
                kernel.then(req -> {
                    Random cr = new Random(caseSeed);
                    List<byte[]> replies = new ArrayList<>();
                    int parts = 1 + cr.nextInt(3);
                    for (int p = 0; p < parts; p++) {
                        byte[] valid = switch (cr.nextInt(4)) {
                            case 0 -> NlBytes.error(req.seq(), PORT, 1, "denied");
                            case 1 -> NlBytes.done(req.seq(), PORT, -2, "gone");
                            default -> validDatagram(req.seq());
                        };
                        replies.add(cr.nextInt(5) == 0 ? Fuzz.random(cr, 200) : Fuzz.mutate(cr, valid));
                    }
                    replies.add(NlBytes.done(req.seq(), PORT, 0)); // a dump that swallowed everything still ends
                    return replies;
                });
                try (NetlinkConnection c = new NetlinkConnection(kernel)) {
                    c.dump(Kernel.SOCK_DIAG_BY_FAMILY, ByteBuffer.allocate(4), "fuzz dump", m -> {
                        m.buffer().get(m.payloadOffset() + Math.max(0, m.payloadLength() - 1));
                        return true;
                    });
                } catch (MalformedMessageException | NetlinkErrorException | DumpInterruptedException expected) {
                    // the decoder's own refusals and the kernel's own errors
                } catch (IOException e) {
                    assertTrue(e.getMessage().contains("overrun"), "case " + i + ": " + e);
                }
            }
        });
    }

    /** An error whose echoed request claims a length that points outside the message. */
    @Test
    void anErrorWhoseEchoedLengthPointsAnywhereIsStillTheKernelsError() {
        for (int echoedLength : new int[] {-8, 0x7fff_fff0, 0x8000_0000, 3, 1 << 20}) {
            ScriptedTransport kernel = new ScriptedTransport();
            kernel.then(req -> List.of(NlBytes.message(Kernel.NLMSG_ERROR, Kernel.NLM_F_ACK_TLVS, req.seq(), PORT,
                    concat(u32(-1), NlBytes.header(echoedLength, Kernel.SOCK_DIAG_BY_FAMILY, 5, req.seq(), 0),
                            attribute(Kernel.NLMSGERR_ATTR_MSG, cstring("text"))))));
            try (NetlinkConnection c = new NetlinkConnection(kernel)) {
                c.request(Kernel.SOCK_DESTROY, ByteBuffer.allocate(4), "destroy");
                throw new AssertionError("an error was taken for an ack");
            } catch (NetlinkErrorException | MalformedMessageException expected) {
                // the kernel's error (its text lost), or the decoder's refusal
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aRequestOverAMisbehavingKernelEndsOrFailsWithItsOwnExceptions() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED + 3);
            for (int i = 0; i < CASES / 4; i++) {
                long caseSeed = r.nextLong();
                ScriptedTransport kernel = new ScriptedTransport();
                kernel.then(req -> {
                    Random cr = new Random(caseSeed);
                    byte[] valid = cr.nextBoolean() ? NlBytes.error(req.seq(), PORT, 2, "no such socket")
                            : NlBytes.uncappedError(PORT, 1, NlBytes.message(Kernel.SOCK_DESTROY, 5, req.seq(), 0,
                                    new byte[56]), "not permitted");
                    return List.of(Fuzz.mutate(cr, valid), NlBytes.ack(req.seq(), PORT));
                });
                try (NetlinkConnection c = new NetlinkConnection(kernel)) {
                    c.request(Kernel.SOCK_DESTROY, ByteBuffer.allocate(4), "fuzz destroy");
                } catch (MalformedMessageException | NetlinkErrorException expected) {
                    // the decoder's own refusals and the kernel's own errors
                }
            }
        });
    }
}
