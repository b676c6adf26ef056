package sockkill.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagFilter;
import sockkill.diag.InetDump;
import sockkill.diag.SockDiag;
import sockkill.diag.SockId;
import sockkill.netlink.NetlinkErrorException;
import sockkill.proc.ProcNetTables;
import sockkill.sys.Kernel;

/**
 * Finds one socket in a namespace. The kernel has no lookup by inode, so an inode is found by
 * scanning dumps, stopping at the first hit; a tuple is looked up by the kernel directly.
 */
public final class SocketLocator {
    private static final Path THREAD_NET = Path.of("/proc/thread-self/net");

    /** The order inet dumps are scanned in: the likeliest kinds first. */
    private static final Netid[] INET_ORDER = {Netid.TCP, Netid.UDP, Netid.UDPLITE, Netid.RAW, Netid.MPTCP};

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
            for (int family : new int[] {Kernel.AF_INET, Kernel.AF_INET6}) {
                Optional<SocketEntry> hit = scan(netid, family, InetDiagFilter.none(), inode);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The socket with this cookie among {@code netid} sockets of {@code family} with this local
     * port: the one identity every socket has, TIME-WAIT entries (inode 0) included.
     */
    public Optional<SocketEntry> byCookie(Netid netid, int family, int localPort, long cookie) throws IOException {
        InetDiagFilter port = InetDiagFilter.allOf(List.of(new InetDiagFilter.Port(InetDiagFilter.Side.LOCAL, localPort)));
        List<SocketEntry> hit = new ArrayList<>(1);
        InetDump dump = new InetDump(family, netid.protocol(), SocketStates.ALL, 0, port);
        session.diag().scanInet(dump, m -> {
            if (m.id().cookie() != cookie) {
                return true;
            }
            hit.add(DiagDiscovery.toEntry(netid, m));
            return false;
        });
        return hit.stream().findFirst();
    }

    private Optional<SocketEntry> scan(Netid netid, int family, InetDiagFilter filter, long inode) throws IOException {
        List<SocketEntry> hit = new ArrayList<>(1);
        InetDump dump = new InetDump(family, netid.protocol(), SocketStates.ALL, 0, filter);
        try {
            session.diag().scanInet(dump, m -> {
                if (m.inode() != inode) {
                    return true;
                }
                hit.add(DiagDiscovery.toEntry(netid, m));
                return false;
            });
        } catch (NetlinkErrorException e) {
            if (!e.is(Errno.ENOENT) || netid == Netid.TCP || netid == Netid.UDP) {
                throw e;
            }
            return netid == Netid.MPTCP ? Optional.empty() : scanProc(netid, family, inode);
        }
        return hit.stream().findFirst();
    }

    /** Kinds the kernel cannot dump (raw without its diag module) are searched in /proc/net. */
    private Optional<SocketEntry> scanProc(Netid netid, int family, long inode) throws IOException {
        SocketFilter only = SocketFilter.everything().withNetids(java.util.EnumSet.of(netid))
                .withFamilies(family == Kernel.AF_INET, family == Kernel.AF_INET6).withInode(inode);
        return session.namespace().run(() -> {
            List<SocketEntry> out = new ArrayList<>();
            ProcDiscovery.readInet(ProcNetTables.of(THREAD_NET), netid, only, out::add, note -> { });
            return out.stream().findFirst();
        });
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
}
