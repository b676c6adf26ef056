package sockkill.core;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagFilter;
import sockkill.diag.InetDump;
import sockkill.diag.SockDiag;
import sockkill.diag.SockId;
import sockkill.netlink.NetlinkErrorException;
import sockkill.sys.Kernel;

/**
 * Finds one socket in a namespace. The kernel has no lookup by inode, so an inode is found by
 * scanning dumps, stopping at the first hit; a tuple is looked up by the kernel directly.
 */
public final class SocketLocator {
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
}
