package sockkill.core;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagFilter;
import sockkill.diag.InetDiagMsg;
import sockkill.diag.InetDump;
import sockkill.diag.SockDiag;
import sockkill.diag.UnixDiagMsg;
import sockkill.netlink.DumpInterruptedException;
import sockkill.netlink.NetlinkErrorException;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * Discovery through NETLINK_SOCK_DIAG, as ss does it: one dump per family and protocol, states and
 * ports and addresses filtered in the kernel. Kinds whose diag module the kernel lacks (raw,
 * UDP-Lite) are read from /proc/net instead, with a note.
 */
public final class DiagDiscovery implements SocketDiscovery {
    private final SockDiag diag;
    private final NetworkNamespace namespace;
    private final int ext;

    public DiagDiscovery(SockDiag diag, NetworkNamespace namespace) {
        this(diag, namespace, 0);
    }

    private DiagDiscovery(SockDiag diag, NetworkNamespace namespace, int ext) {
        this.diag = diag;
        this.namespace = namespace;
        this.ext = ext;
    }

    /** The same discovery, asking the kernel for each TCP socket's tcp_info too. */
    public DiagDiscovery withTcpInfo() {
        return new DiagDiscovery(diag, namespace, ext | 1 << (Kernel.INET_DIAG_INFO - 1));
    }

    @Override
    public String name() {
        return "sock_diag";
    }

    @Override
    public void discover(SocketFilter filter, Consumer<SocketEntry> sink, Consumer<DiscoveryNote> notes)
            throws IOException {
        InetDiagFilter kernelFilter = filter.kernelFilter();
        Set<Netid> fallBack = EnumSet.noneOf(Netid.class);
        for (Netid netid : Netid.values()) {
            if (!netid.isInet() || !filter.wants(netid)) {
                continue;
            }
            for (int family : families(netid, filter)) {
                if (fallBack.contains(netid)) {
                    continue;
                }
                InetDump dump = new InetDump(family, netid.protocol(), filter.states(), ext, kernelFilter);
                InetDiagSocketView view = new InetDiagSocketView(netid);
                try {
                    diag.scanInetViews(dump, m -> {
                        SocketEntry s = view.at(m);
                        if (filter.matches(s)) {
                            sink.accept(s);
                        }
                        return true;
                    });
                } catch (DumpInterruptedException e) {
                    notes.accept(interrupted(netid));
                } catch (NetlinkErrorException e) {
                    if (!e.is(Errno.ENOENT) || netid == Netid.TCP || netid == Netid.UDP) {
                        throw e;
                    }
                    fallBack.add(netid);
                }
            }
        }
        for (Netid netid : fallBack) {
            readFromProc(netid, filter, sink, notes);
        }
        if (filter.wants(Netid.UNIX_STREAM) || filter.wants(Netid.UNIX_DGRAM) || filter.wants(Netid.UNIX_SEQPACKET)) {
            try {
                diag.scanUnix(filter.states(), m -> {
                    SocketEntry s = toEntry(m);
                    if (s != null && filter.matches(s)) {
                        sink.accept(s);
                    }
                    return true;
                });
            } catch (DumpInterruptedException e) {
                notes.accept(interrupted(Netid.UNIX_STREAM));
            }
        }
    }

    private static final int[] BOTH = {Kernel.AF_UNSPEC};
    private static final int[] IPV4 = {Kernel.AF_INET};
    private static final int[] IPV6 = {Kernel.AF_INET6};
    private static final int[] EACH = {Kernel.AF_INET, Kernel.AF_INET6};
    private static final int[] NONE = {};

    /**
     * The dumps {@code netid} needs: TCP sockets of both families come in one walk of the kernel's
     * tables (AF_UNSPEC), a third quicker than two; other kinds are dumped family by family.
     */
    private static int[] families(Netid netid, SocketFilter filter) {
        boolean v4 = filter.wantsFamily(false);
        boolean v6 = filter.wantsFamily(true);
        if (v4 && v6) {
            return netid == Netid.TCP ? BOTH : EACH;
        }
        return v4 ? IPV4 : v6 ? IPV6 : NONE;
    }

    /** The kernel's word that the table changed under the dump; a listing goes on rather than repeat itself. */
    private static DiscoveryNote interrupted(Netid netid) {
        return new DiscoveryNote(null, "the " + netid.label() + " table changed during the dump (NLM_F_DUMP_INTR); "
                + "some sockets may be missing or listed twice");
    }

    private void readFromProc(Netid netid, SocketFilter filter, Consumer<SocketEntry> sink,
            Consumer<DiscoveryNote> notes) throws IOException {
        String module = switch (netid) {
            case RAW -> "CONFIG_INET_RAW_DIAG";
            case UDPLITE -> "UDP-Lite support in CONFIG_INET_UDP_DIAG";
            case MPTCP -> "CONFIG_INET_MPTCP_DIAG";
            default -> "its diag module";
        };
        notes.accept(new DiscoveryNote(netid, "this kernel cannot dump " + netid.label() + " sockets through "
                + "sock_diag (" + module + ")"
                + (netid == Netid.MPTCP ? "; they are not listed" : "; listed from /proc/net, without cookies")));
        if (netid != Netid.MPTCP) {
            new ProcDiscovery(namespace).discover(filter.withNetids(EnumSet.of(netid)), sink, notes);
        }
    }

    static SocketEntry toEntry(Netid netid, InetDiagMsg m) {
        return SocketEntry.inet(netid, m.family(), m.state(), m.id(), m.receiveQueue(), m.sendQueue(), m.inode(),
                m.uid(), SocketEntry.Source.SOCK_DIAG, m.tcpInfo());
    }

    /** Null for socket types sockkill does not know. */
    static SocketEntry toEntry(UnixDiagMsg m) {
        Netid netid;
        try {
            netid = Netid.unixOfType(m.type());
        } catch (IllegalArgumentException unknownType) {
            return null;
        }
        return SocketEntry.unix(netid, m.state(), m.name(), m.peerInode(), m.receiveQueue(), m.sendQueue(),
                m.inode(), m.uid(), m.cookie(), SocketEntry.Source.SOCK_DIAG);
    }
}
