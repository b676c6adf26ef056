package sockkill.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.diag.SockId;
import sockkill.proc.FdLink;
import sockkill.proc.NoSuchProcessException;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.Native;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;
import sockkill.sys.Sockaddr;

/**
 * What the sockets of one process are, learnt cheaply: a duplicate of the fd (pidfd_getfd) gives
 * the family, protocol and tuple, and the socket's own network namespace (SIOCGSKNS); sock_diag in
 * that namespace then looks the tuple up, tcp_info included, without walking any table. Only where
 * no duplicate can be taken (a sandbox that forbids pidfd_getfd) is the holder's namespace scanned.
 */
final class SocketProbe implements Closeable {
    private static final int TCP_INFO = 1 << (Kernel.INET_DIAG_INFO - 1);

    /** What was learnt about one socket fd. */
    record Facts(Netid netid, SocketEntry entry, long netns, String note) {
    }

    private final int pid;
    private final Map<Long, NamespaceSession> sessions = new HashMap<>();
    private final List<Integer> namespaceFds = new ArrayList<>();
    private long holderNetns = -1;

    SocketProbe(int pid) {
        this.pid = pid;
    }

    /** The socket behind {@code fd}, which held socket {@code inode} when its link was read. */
    Facts probe(int fd, long inode) throws IOException {
        ForeignFd dup;
        try {
            dup = ForeignFd.take(pid, fd);
        } catch (NativeException e) {
            if (e.is(Errno.EBADF)) {
                return new Facts(null, null, -1, "closed while sockkill looked");
            }
            if (e.is(Errno.ESRCH)) {
                throw new NoSuchProcessException(pid);
            }
            if (e.is(Errno.EPERM) || e.is(Errno.EACCES) || e.is(Errno.ENOSYS)) {
                return scan(inode, e);
            }
            throw e;
        }
        try (dup) {
            if (FdLink.socketInode(dup.linkTarget()) != inode) {
                return new Facts(null, null, -1, "replaced by another file while sockkill looked");
            }
            return probe(dup, inode);
        }
    }

    private Facts probe(ForeignFd dup, long inode) throws IOException {
        int domain = dup.domain();
        if (domain == Kernel.AF_UNIX) {
            Netid netid = unixNetid(dup.type());
            long netns = namespaceOf(dup);
            NamespaceSession session = session(netns);
            try {
                Optional<SocketEntry> e = session.diag().lookupUnix(inode).map(DiagDiscovery::toEntry);
                return new Facts(netid, e.orElse(null), netns, e.isPresent() ? "" : "not found by sock_diag");
            } catch (IOException e) {
                return new Facts(netid, null, netns, notLookedUp(session, e));
            }
        }
        if (domain != Kernel.AF_INET && domain != Kernel.AF_INET6) {
            return new Facts(null, null, -1, familyName(domain) + " socket");
        }
        Netid netid;
        try {
            netid = Netid.inetOfProtocol(dup.protocol());
        } catch (IllegalArgumentException unknown) {
            return new Facts(null, null, -1, "inet socket of protocol " + dup.protocol());
        }
        Sockaddr local = dup.localAddress();
        Sockaddr peer = dup.peerAddress(domain);
        SockId tuple = new SockId(local.port(), peer.port(), local.address(), peer.address(), local.scopeId(),
                Kernel.INET_DIAG_NOCOOKIE);
        SocketEntry fromFd = SocketEntry.inet(netid, domain, 0, tuple, 0, 0, inode, -1, SocketEntry.Source.PROC);
        long netns = namespaceOf(dup);
        if (netid == Netid.MPTCP) {
            return mptcp(fromFd, netns, inode);
        }
        if (netid != Netid.TCP && netid != Netid.UDP && netid != Netid.UDPLITE) {
            return new Facts(netid, fromFd, netns, "sock_diag cannot look up one " + netid.label()
                    + " socket by its tuple; its state is not known here");
        }
        NamespaceSession session = session(netns);
        try {
            Optional<InetDiagMsg> m = session.diag().lookupInet(domain, netid.protocol(), tuple, TCP_INFO)
                    .filter(found -> found.inode() == inode);
            if (m.isPresent()) {
                return new Facts(netid, DiagDiscovery.toEntry(netid, m.get()), netns, "");
            }
            return new Facts(netid, fromFd, netns, "not found by a sock_diag lookup of its tuple");
        } catch (IOException e) {
            return new Facts(netid, fromFd, netns, notLookedUp(session, e));
        }
    }

    /**
     * An MPTCP socket: sock_diag has no lookup of one by its tuple, but its table is small (empty
     * where MPTCP is not used), so it is scanned for the inode. Its subflows carry the same inode in
     * the TCP table; they are never taken for it.
     */
    private Facts mptcp(SocketEntry fromFd, long netns, long inode) throws IOException {
        NamespaceSession session = session(netns);
        try {
            SocketLocator locator = new SocketLocator(session);
            Optional<SocketEntry> found = locator.byInode(Netid.MPTCP, inode);
            if (found.isPresent()) {
                return new Facts(Netid.MPTCP, found.get(), netns, "");
            }
            return new Facts(Netid.MPTCP, fromFd, netns, locator.dumpable(Netid.MPTCP)
                    ? "not in the MPTCP table of its namespace"
                    : "this kernel cannot dump MPTCP sockets (CONFIG_INET_MPTCP_DIAG); its state is not known here");
        } catch (IOException e) {
            return new Facts(Netid.MPTCP, fromFd, netns, notLookedUp(session, e));
        }
    }

    /** Without a duplicate of the fd: a scan of the holder's namespace for the inode. */
    private Facts scan(long inode, NativeException why) throws IOException {
        long netns = holderNetns();
        NamespaceSession session = session(netns);
        try {
            Optional<SocketEntry> found = new SocketLocator(session).byInode(inode);
            if (found.isEmpty()) {
                return new Facts(null, null, netns, "not found in the tables of pid " + pid + "'s network namespace ("
                        + why.getMessage() + ")");
            }
            SocketEntry s = found.get();
            if (s.netid() == Netid.TCP && s.sockId().isPresent()) {
                Optional<InetDiagMsg> m = session.diag().lookupInet(s.family(), s.netid().protocol(), s.sockId().get(),
                        TCP_INFO);
                if (m.isPresent()) {
                    s = DiagDiscovery.toEntry(s.netid(), m.get());
                }
            }
            return new Facts(s.netid(), s, netns, "found by scanning the tables: no duplicate of the fd ("
                    + why.getMessage() + ")");
        } catch (IOException e) {
            return new Facts(null, null, netns, notLookedUp(session, e));
        }
    }

    /** "not looked up: cannot enter the network namespace of pid 42: needs CAP_SYS_ADMIN (run as root)". */
    private static String notLookedUp(NamespaceSession session, IOException e) throws NoSuchProcessException {
        if (e instanceof NoSuchProcessException gone) {
            throw gone;
        }
        return "not looked up: " + NamespaceSession.explain(session.namespace(), e).getMessage();
    }

    /** The inode of the namespace the socket lives in; its holder's where SIOCGSKNS is refused. */
    private long namespaceOf(ForeignFd dup) throws IOException {
        int nsFd;
        try {
            nsFd = dup.openNamespace();
        } catch (NativeException e) {
            return holderNetns();
        }
        long netns;
        try {
            netns = inodeOf(Path.of("/proc/self/fd/" + nsFd));
        } catch (IOException e) {
            Native.close(nsFd);
            throw e;
        }
        if (netns == holderNetns() || sessions.containsKey(netns)) {
            Native.close(nsFd);
        } else {
            // kept open until close(): the session enters the namespace through it
            namespaceFds.add(nsFd);
            sessions.put(netns, NamespaceSession.open(NetworkNamespace.ofFile(Path.of("/proc/self/fd/" + nsFd))));
        }
        return netns;
    }

    private long holderNetns() throws IOException {
        if (holderNetns < 0) {
            try {
                holderNetns = inodeOf(Path.of("/proc", Integer.toString(pid), "ns", "net"));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new NoSuchProcessException(pid);
            }
        }
        return holderNetns;
    }

    private NamespaceSession session(long netns) {
        NamespaceSession s = sessions.get(netns);
        if (s == null) {
            s = NamespaceSession.open(NetworkNamespace.ofPid(pid));
            sessions.put(netns, s);
        }
        return s;
    }

    private static long inodeOf(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    private static Netid unixNetid(int type) {
        try {
            return Netid.unixOfType(type);
        } catch (IllegalArgumentException e) {
            return Netid.UNIX_STREAM;
        }
    }

    private static String familyName(int domain) {
        return switch (domain) {
            case Kernel.AF_NETLINK -> "netlink";
            case 17 -> "packet";
            case 40 -> "vsock";
            case 44 -> "XDP";
            default -> "family " + domain;
        };
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (NamespaceSession s : sessions.values()) {
            try {
                s.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        for (int fd : namespaceFds) {
            Native.close(fd);
        }
        sessions.clear();
        namespaceFds.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
