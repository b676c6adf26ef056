package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.done;
import static sockkill.netlink.ScriptedTransport.PORT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.diag.SockDiag;
import sockkill.diag.SockId;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;

/** The kernel's answer to a destroy of a socket that cannot exist, read as what the kernel can do. */
class DestroySupportTest {
    private final Deque<ScriptedTransport> toOpen = new ArrayDeque<>();
    private final SockDiag diag = new SockDiag(() -> {
        ScriptedTransport t = toOpen.poll();
        if (t == null) {
            throw new AssertionError("more netlink sockets opened than the test provided");
        }
        return t;
    });

    /** The dump socket answers the tcp_diag check with an empty dump; the control socket answers the destroy. */
    private ScriptedTransport kernelAnswering(Errno destroy) {
        toOpen.add(new ScriptedTransport().then(req -> List.of(done(req.seq(), PORT, 0))));
        ScriptedTransport control = new ScriptedTransport()
                .then(req -> List.of(NlBytes.error(req.seq(), PORT, destroy.intValue(), null)));
        toOpen.add(control);
        return control;
    }

    @Test
    void enoentMeansTheKernelLookedTheSocketUpSoItHasTheDestroyHandler() throws IOException {
        ScriptedTransport control = kernelAnswering(Errno.ENOENT);

        assertEquals(DestroySupport.Answer.SUPPORTED, DestroySupport.probe(diag).answer());

        ScriptedTransport.Sent sent = control.lastSent();
        assertEquals(Kernel.SOCK_DESTROY, sent.header().type());
        byte[] payload = sent.payload();
        assertEquals(Kernel.AF_INET, payload[0]);
        assertEquals(Kernel.IPPROTO_TCP, payload[1]);
        ByteBuffer id = ByteBuffer.wrap(Arrays.copyOfRange(payload, 8, 8 + SockId.SIZE)).order(ByteOrder.nativeOrder());
        assertEquals(0, id.getShort(0), "source port 0: no socket has it");
        assertEquals(0, id.getShort(2), "destination port 0");
        assertArrayEquals(new byte[32], Arrays.copyOfRange(payload, 8 + 4, 8 + 36), "addresses: all zero");
        long cookie = (id.getInt(40) & 0xffff_ffffL) | (long) id.getInt(44) << 32;
        assertEquals(DestroySupport.NO_SUCH_COOKIE, cookie, "a cookie, never the wildcard");
        assertTrue(cookie != Kernel.INET_DIAG_NOCOOKIE);
    }

    @Test
    void eopnotsuppMeansAKernelWithoutConfigInetDiagDestroy() throws IOException {
        kernelAnswering(Errno.EOPNOTSUPP);
        assertEquals(DestroySupport.Answer.NOT_SUPPORTED, DestroySupport.probe(diag).answer());
    }

    @Test
    void epermLeavesItUnknown() throws IOException {
        kernelAnswering(Errno.EPERM);
        assertEquals(DestroySupport.Answer.UNKNOWN_WITHOUT_CAP_NET_ADMIN, DestroySupport.probe(diag).answer());
    }

    @Test
    void withoutTcpDiagEnoentWouldMeanNothingSoTheAnswerIsUnknown() throws IOException {
        toOpen.add(new ScriptedTransport().then(req -> List.of(done(req.seq(), PORT, -Errno.ENOENT.intValue()))));
        DestroySupport.Result r = DestroySupport.probe(diag);
        assertEquals(DestroySupport.Answer.UNKNOWN, r.answer(), r::toString);
        assertTrue(r.detail().contains("no sock_diag for TCP"), r::toString);
    }
}
