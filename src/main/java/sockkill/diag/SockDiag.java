package sockkill.diag;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import jnr.constants.platform.Errno;
import sockkill.netlink.DumpInterruptedException;
import sockkill.netlink.NetlinkConnection;
import sockkill.netlink.NetlinkErrorException;
import sockkill.netlink.NetlinkSocket;
import sockkill.netlink.NetlinkTransport;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * The sock_diag protocol for one network namespace: dumps of inet and UNIX sockets, lookups of a
 * single socket, and SOCK_DESTROY. Dumps run on one netlink socket, lookups and destroys on a
 * second, so a kill never interleaves with a dump in flight. Both open on first use.
 */
public final class SockDiag implements Closeable {
    /** Opens a fresh transport in the namespace this SockDiag serves. */
    @FunctionalInterface
    public interface TransportOpener {
        NetlinkTransport open() throws IOException;
    }

    /**
     * Destroy requests per datagram. Each is acked; the acks must all fit in the socket's receive
     * buffer (about 200 KiB by default, some 700 bytes of it per ack), or the kernel drops some.
     */
    private static final int DESTROY_BATCH = 128;
    /** A dump the kernel flags as inconsistent is repeated this many times before giving up. */
    private static final int DUMP_ATTEMPTS = 3;
    private static final int UNIX_SHOW = Kernel.UDIAG_SHOW_NAME | Kernel.UDIAG_SHOW_PEER
            | Kernel.UDIAG_SHOW_RQLEN | Kernel.UDIAG_SHOW_UID;

    private final TransportOpener opener;
    private NetlinkConnection dumps;
    private NetlinkConnection control;

    public SockDiag(TransportOpener opener) {
        this.opener = opener;
    }

    /** sock_diag in {@code namespace} (the caller's own when it is current). */
    public static SockDiag open(NetworkNamespace namespace) {
        return new SockDiag(() -> NetlinkSocket.open(Kernel.NETLINK_SOCK_DIAG, namespace));
    }

    /**
     * Opens the dump socket now, so that a caller can learn up front whether sock_diag is usable
     * here (it is not where NETLINK_SOCK_DIAG is missing or a sandbox forbids netlink).
     */
    public void connect() throws IOException {
        dumpConnection();
    }

    /**
     * Hands each socket of the dump to {@code visitor}, as one reused {@link InetDiagView} over the
     * reply (no record decoded), until it returns false. A dump the kernel flags as interrupted is
     * reported, not repeated: a listing may already have printed what it saw.
     *
     * @return true if the dump ran to its end
     */
    public boolean scanInetViews(InetDump dump, Predicate<InetDiagView> visitor) throws IOException {
        InetDiagView view = new InetDiagView();
        boolean complete = dumpConnection().dump(dump.type(), dump.request(), dump,
                m -> visitor.test(view.moveTo(m)));
        if (!complete) {
            retireDumpConnection();
        }
        return complete;
    }

    /**
     * The socket with {@code inode} in the dump, stopping at it. Each reply's inode is read where it
     * lies in the datagram; only the hit is decoded. A dump the kernel flags as interrupted before
     * the hit is searched again, up to {@value #DUMP_ATTEMPTS} times.
     */
    public Optional<InetDiagMsg> findInet(InetDump dump, long inode) throws IOException {
        ByteBuffer request = dump.request();
        for (int attempt = 1; ; attempt++) {
            List<InetDiagMsg> hit = new ArrayList<>(1);
            try {
                boolean complete = dumpConnection().dump(dump.type(), request, dump, m -> {
                    if (InetDiagMsg.inodeOf(m) != inode) {
                        return true;
                    }
                    hit.add(InetDiagMsg.decode(m));
                    return false;
                });
                if (!complete) {
                    retireDumpConnection();
                }
                return hit.isEmpty() ? Optional.empty() : Optional.of(hit.get(0));
            } catch (DumpInterruptedException e) {
                if (attempt == DUMP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Hands each UNIX socket in {@code states} to {@code visitor} until it returns false. */
    public boolean scanUnix(int states, Predicate<UnixDiagMsg> visitor) throws IOException {
        ByteBuffer request = encode(new UnixDiagReq(states, 0, UNIX_SHOW, Kernel.INET_DIAG_NOCOOKIE));
        boolean complete = dumpConnection().dump(Kernel.SOCK_DIAG_BY_FAMILY, request, "unix dump",
                m -> visitor.test(UnixDiagMsg.decode(m)));
        if (!complete) {
            retireDumpConnection();
        }
        return complete;
    }

    /**
     * The socket with exactly this tuple, looked up by the kernel without a dump. The cookie in
     * {@code id} is compared unless it is {@link Kernel#INET_DIAG_NOCOOKIE}. The kernel finds it the
     * way its SOCK_DESTROY would (the same lookup, then the same cookie check), so an exact lookup
     * that comes back empty for a socket a dump shows means a destroy cannot reach it either (a
     * SO_REUSEPORT group answers with another member).
     */
    public Optional<InetDiagMsg> lookupInet(int family, int protocol, SockId id, int ext) throws IOException {
        List<InetDiagMsg> found = new ArrayList<>(1);
        // udp_diag's lookup (unlike its destroy, and unlike TCP's) reads the request's source as the
        // peer: "src and dst are swapped for historical reasons" (net/ipv4/udp_diag.c).
        SockId request = protocol == Kernel.IPPROTO_UDP || protocol == Kernel.IPPROTO_UDPLITE ? id.swapped() : id;
        try {
            controlConnection().request(Kernel.SOCK_DIAG_BY_FAMILY,
                    InetDiagRequest.exact(family, protocol, request, ext),
                    new Described("lookup of ", id), m -> found.add(InetDiagMsg.decode(m)));
        } catch (NetlinkErrorException e) {
            // udp_diag answers a cookie that is not the socket's with ESTALE, tcp_diag with ENOENT
            if (e.is(Errno.ENOENT) || e.is(Errno.ESTALE)) {
                return Optional.empty();
            }
            throw e;
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The UNIX socket with this inode, looked up by the kernel without a dump. */
    public Optional<UnixDiagMsg> lookupUnix(long inode) throws IOException {
        List<UnixDiagMsg> found = new ArrayList<>(1);
        try {
            controlConnection().request(Kernel.SOCK_DIAG_BY_FAMILY,
                    encode(new UnixDiagReq(-1, inode, UNIX_SHOW, Kernel.INET_DIAG_NOCOOKIE)),
                    new Described("unix lookup of inode ", inode), m -> found.add(UnixDiagMsg.decode(m)));
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * SOCK_DESTROY of the socket with exactly {@code id} as a dump or lookup returned it, cookie
     * included. Throws the kernel's answer: ENOENT gone (or recycled), EPERM without CAP_NET_ADMIN,
     * EOPNOTSUPP where the kernel cannot destroy this kind of socket.
     */
    public void destroyInet(int family, int protocol, SockId id) throws IOException {
        DestroyTarget target = new DestroyTarget(family, protocol, id);
        controlConnection().request(Kernel.SOCK_DESTROY, target.request(), new Described("destroy of ", id));
    }

    /**
     * Whether the kernel can destroy {@code protocol} sockets at all, asked without touching one: a
     * SOCK_DESTROY of a tuple of zeros with cookie 0, which no socket has (the kernel numbers cookies
     * from 1, and compares them before it destroys anything). EOPNOTSUPP says it cannot (no
     * CONFIG_INET_DIAG_DESTROY, or no destroy for the kind, as for MPTCP); anything else, normally
     * ENOENT, that it can. Never for raw sockets, whose destroy compares no cookie.
     */
    public boolean canDestroy(int family, int protocol) throws IOException {
        if (protocol == Kernel.IPPROTO_RAW) {
            throw new IllegalArgumentException("raw_diag's destroy compares no cookie: it cannot be asked safely");
        }
        SockId nothing = new SockId(0, 0, new byte[16], new byte[16], 0, 0);
        try {
            destroyInet(family, protocol, nothing);
            // no socket can have cookie 0; the kernel accepting it would be news
            return true;
        } catch (NetlinkErrorException e) {
            return !e.is(Errno.EOPNOTSUPP);
        }
    }

    /** One socket of a batched destroy: what {@link #destroyInet(int, int, SockId)} takes. */
    public record DestroyTarget(int family, int protocol, SockId id) {
        /** A destroy must name the socket's cookie: a loose tuple could fall through to a listener. */
        public DestroyTarget {
            if (id.cookie() == Kernel.INET_DIAG_NOCOOKIE) {
                throw new IllegalArgumentException("refusing to destroy by tuple without the socket's cookie");
            }
        }

        ByteBuffer request() {
            return InetDiagRequest.exact(family, protocol, id, 0);
        }
    }

    /**
     * Destroys many sockets, pipelined: up to {@value #DESTROY_BATCH} requests go out in one datagram
     * and their acks are matched by sequence number. {@code outcomes} hears each target's errno
     * (0: destroyed), by its index in {@code targets}.
     */
    public void destroyAll(List<DestroyTarget> targets, NetlinkConnection.AckHandler outcomes) throws IOException {
        for (int from = 0; from < targets.size(); from += DESTROY_BATCH) {
            int to = Math.min(targets.size(), from + DESTROY_BATCH);
            ByteBuffer[] payloads = new ByteBuffer[to - from];
            for (int i = from; i < to; i++) {
                DestroyTarget t = targets.get(i);
                payloads[i - from] = t.request();
            }
            int offset = from;
            controlConnection().requestAll(Kernel.SOCK_DESTROY, payloads,
                    (index, errno, message) -> outcomes.onAck(offset + index, errno, message));
        }
    }

    private NetlinkConnection controlConnection() throws IOException {
        if (control == null) {
            control = new NetlinkConnection(opener.open());
        }
        return control;
    }

    private NetlinkConnection dumpConnection() throws IOException {
        if (dumps == null) {
            dumps = new NetlinkConnection(opener.open());
        }
        return dumps;
    }

    private void retireDumpConnection() throws IOException {
        NetlinkConnection spent = dumps;
        dumps = null;
        spent.close();
    }

    private static ByteBuffer encode(UnixDiagReq req) {
        ByteBuffer b = ByteBuffer.allocate(UnixDiagReq.SIZE).order(java.nio.ByteOrder.nativeOrder());
        req.encodeTo(b, 0);
        return b;
    }

    /** A request as a failure names it ("lookup of tcp ..."); the words are put together only then. */
    private record Described(String what, Object subject) {
        @Override
        public String toString() {
            return what + subject;
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (NetlinkConnection c : new NetlinkConnection[] {dumps, control}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        dumps = null;
        control = null;
        if (failure != null) {
            throw failure;
        }
    }
}
