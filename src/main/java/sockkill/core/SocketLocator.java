package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagFilter;
import sockkill.diag.InetDump;
import sockkill.diag.SockDiag;
import sockkill.diag.SockId;
import sockkill.netlink.DumpInterruptedException;
import sockkill.netlink.NetlinkErrorException;
import sockkill.proc.FdLink;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.Sockaddr;

/**
 * Finds one socket in a namespace. The kernel has no lookup by inode, so an inode is found by
 * scanning dumps, stopping at the first hit; a tuple is looked up by the kernel directly.
 */
public final class SocketLocator {
    /**
     * The order inet dumps are scanned in. MPTCP comes first: each of its TCP subflows carries the
     * MPTCP socket's inode, and destroying a subflow does not wake the process (its table is
     * small, and empty where MPTCP is not used). Then the likeliest kinds.
     */
    static final Netid[] INET_ORDER = {Netid.MPTCP, Netid.TCP, Netid.UDP, Netid.UDPLITE, Netid.RAW};

    private final NamespaceSession session;

    public SocketLocator(NamespaceSession session) {
        this.session = session;
    }

    /** The socket with this inode, of any kind, in this namespace. */
    public Optional<SocketEntry> byInode(long inode) throws IOException {
        SockDiag diag = session.diag();
        Optional<SocketEntry> unix = diag.lookupUnix(inode).map(DiagDiscovery::toEntry);
        if (unix.isPresent()) {
            return unix;
        }
        for (Netid netid : INET_ORDER) {
            Optional<SocketEntry> hit = byInode(netid, inode);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** The {@code netid} socket with this inode, of either family. */
    public Optional<SocketEntry> byInode(Netid netid, long inode) throws IOException {
        for (int family : new int[] {Kernel.AF_INET, Kernel.AF_INET6}) {
            Optional<SocketEntry> hit = scan(netid, family, InetDiagFilter.none(), inode);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private Optional<SocketEntry> scan(Netid netid, int family, InetDiagFilter filter, long inode) throws IOException {
        InetDump dump = new InetDump(family, netid.protocol(), SocketStates.ALL, 0, filter);
        try {
            return session.diag().findInet(dump, inode).map(m -> DiagDiscovery.toEntry(netid, m));
        } catch (NetlinkErrorException e) {
            if (!e.is(Errno.ENOENT) || netid == Netid.TCP || netid == Netid.UDP) {
                throw e;
            }
            return netid == Netid.MPTCP ? Optional.empty() : scanProc(netid, family, inode);
        }
    }

    /** Whether the kernel can dump {@code netid} sockets here at all (it has the kind's diag module). */
    public boolean dumpable(Netid netid) throws IOException {
        InetDump dump = new InetDump(Kernel.AF_INET, netid.protocol(), SocketStates.ALL, 0, InetDiagFilter.none());
        try {
            session.diag().scanInetViews(dump, v -> false);
            return true;
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            throw e;
        }
    }

    /** Kinds the kernel cannot dump (raw without its diag module) are searched in /proc/net. */
    private Optional<SocketEntry> scanProc(Netid netid, int family, long inode) throws IOException {
        SocketFilter only = SocketFilter.everything().withNetids(EnumSet.of(netid))
                .withFamilies(family == Kernel.AF_INET, family == Kernel.AF_INET6).withInode(inode);
        List<SocketEntry> found = new ProcDiscovery(session.namespace()).discover(only, note -> { });
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * The socket with exactly this tuple, looked up by the kernel, if its inode is {@code inode}.
     * Empty when the kernel has no such socket or it is another one (a listener sharing the port).
     */
    public Optional<SocketEntry> byTuple(Netid netid, int family, SockId tuple, long inode) throws IOException {
        return session.diag().lookupInet(family, netid.protocol(), tuple.withCookie(Kernel.INET_DIAG_NOCOOKIE), 0)
                .filter(m -> m.inode() == inode)
                .map(m -> DiagDiscovery.toEntry(netid, m));
    }

    /**
     * The socket behind {@code dup}, a duplicate of a UNIX or inet socket's fd: looked up by the
     * tuple the duplicate reports (UNIX: by its inode), without a dump. Empty when that cannot
     * work (a raw socket, a protocol sock_diag does not know, a listener sharing its port).
     */
    public Optional<SocketEntry> byDuplicate(ForeignFd dup) throws IOException {
        long inode = FdLink.socketInode(dup.linkTarget());
        int domain = dup.domain();
        if (domain == Kernel.AF_UNIX) {
            return session.diag().lookupUnix(inode).map(DiagDiscovery::toEntry);
        }
        Netid netid;
        try {
            netid = Netid.inetOfProtocol(dup.protocol());
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
        if (netid == Netid.MPTCP) {
            // the MPTCP socket itself, not the TCP subflow that carries its inode and tuple
            return byInode(Netid.MPTCP, inode);
        }
        if (netid == Netid.RAW) {
            return Optional.empty();
        }
        Sockaddr local = dup.localAddress();
        Sockaddr peer = dup.peerAddress(domain);
        SockId tuple = new SockId(local.port(), peer.port(), local.address(), peer.address(), local.scopeId(),
                Kernel.INET_DIAG_NOCOOKIE);
        return byTuple(netid, domain, tuple, inode);
    }

    /**
     * Whether the kernel's own lookup of {@code s}'s sockid, cookie included, finds it: the lookup a
     * SOCK_DESTROY makes. False for a socket the dump shows but a destroy cannot reach (another
     * member of its SO_REUSEPORT group answers; a TCP socket bound but not listening).
     */
    public boolean reachable(SocketEntry s) throws IOException {
        if (s.netid() == Netid.MPTCP) {
            // mptcp_diag looks sockets up by connection token, not by tuple: ask the dump instead
            return byInode(Netid.MPTCP, s.inode()).filter(m -> m.cookie() == s.cookie()).isPresent();
        }
        return session.diag().lookupInet(s.family(), s.netid().protocol(), s.sockId().orElseThrow(), 0).isPresent();
    }

    /**
     * Every socket of {@code s}'s kind and family on its local port, as the kernel's tables hold
     * them now (one dump, filtered in the kernel by the port): {@code s} itself if it is still
     * there, and whatever shares the port with it.
     */
    public List<SocketEntry> onLocalPortOf(SocketEntry s) throws IOException {
        InetDiagFilter port = InetDiagFilter.allOf(List.of(
                new InetDiagFilter.Port(InetDiagFilter.Side.LOCAL, (int) s.localPort())));
        InetDump dump = new InetDump(s.family(), s.netid().protocol(), SocketStates.ALL, 0, port);
        InetDiagSocketView view = new InetDiagSocketView(s.netid());
        for (int attempt = 1; ; attempt++) {
            List<SocketEntry> out = new ArrayList<>();
            try {
                session.diag().scanInetViews(dump, m -> {
                    out.add(view.at(m).snapshot());
                    return true;
                });
                return out;
            } catch (DumpInterruptedException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
