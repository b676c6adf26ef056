package sockkill.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import sockkill.diag.InetDiagMsg;
import sockkill.diag.InetDiagReqV2;
import sockkill.diag.SockDiag;
import sockkill.diag.SockId;
import sockkill.netlink.NlBytes;
import sockkill.netlink.ScriptedTransport;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * Namespace sessions whose sock_diag sockets are scripted kernels ({@link ScriptedTransport}), handed
 * out in the order the code under test opens them (a SockDiag opens its dump socket on its first
 * dump and its control socket on its first lookup or destroy). Running out is a test failure.
 */
final class ScriptedSessions {
    private final Deque<ScriptedTransport> toOpen = new ArrayDeque<>();
    private final List<ScriptedTransport> opened = new ArrayList<>();

    /** The next netlink socket to be opened. */
    ScriptedTransport kernel() {
        ScriptedTransport t = new ScriptedTransport();
        toOpen.add(t);
        return t;
    }

    /** A session in our own namespace over the scripted sockets; {@code rights}: whether it may destroy. */
    NamespaceSession session(boolean rights) {
        SockDiag diag = new SockDiag(() -> {
            ScriptedTransport t = toOpen.poll();
            if (t == null) {
                throw new AssertionError("a netlink socket was opened that the test did not provide");
            }
            opened.add(t);
            return t;
        });
        return new NamespaceSession(NetworkNamespace.current(), diag, () -> rights);
    }

    List<ScriptedTransport> opened() {
        return opened;
    }

    int unopened() {
        return toOpen.size();
    }

    /** One inet_diag_msg as the kernel sends it in a dump (NLM_F_MULTI). */
    static byte[] multi(int seq, InetDiagMsg m) {
        return NlBytes.multi(Kernel.SOCK_DIAG_BY_FAMILY, seq, ScriptedTransport.PORT, encode(m));
    }

    /** A whole dump: every message, then NLMSG_DONE. */
    static List<byte[]> dump(int seq, InetDiagMsg... sockets) {
        List<byte[]> parts = new ArrayList<>();
        for (InetDiagMsg m : sockets) {
            parts.add(multi(seq, m));
        }
        parts.add(NlBytes.done(seq, ScriptedTransport.PORT, 0));
        return List.of(NlBytes.concat(parts.toArray(byte[][]::new)));
    }

    /** The answer to an exact lookup: the socket, then the ack. */
    static List<byte[]> found(int seq, InetDiagMsg m) {
        return List.of(NlBytes.concat(NlBytes.message(Kernel.SOCK_DIAG_BY_FAMILY, 0, seq, ScriptedTransport.PORT,
                encode(m)), NlBytes.ack(seq, ScriptedTransport.PORT)));
    }

    static List<byte[]> refused(int seq, int errno) {
        return List.of(NlBytes.error(seq, ScriptedTransport.PORT, errno, null));
    }

    static byte[] encode(InetDiagMsg m) {
        ByteBuffer b = ByteBuffer.allocate(InetDiagMsg.SIZE).order(ByteOrder.nativeOrder());
        m.encodeTo(b, 0);
        return b.array();
    }

    /** The request a datagram's first message carries. */
    static InetDiagReqV2 request(ScriptedTransport.Sent sent) {
        return InetDiagReqV2.decode(NlBytes.buffer(sent.payload()), 0);
    }

    /** An inet socket as a dump reports it. */
    static InetDiagMsg socket(int family, int state, String local, int localPort, String peer, int peerPort,
            long inode, long cookie) {
        SockId id = new SockId(localPort, peerPort, AddressText.parse(local), AddressText.parse(peer), 0, cookie);
        return new InetDiagMsg(family, state, 0, 0, id, 0, 0, 0, 0, inode, null);
    }

    static ListedSocket listed(Netid netid, InetDiagMsg m) {
        return new ListedSocket(DiagDiscovery.toEntry(netid, m), null);
    }
}
