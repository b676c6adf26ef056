package sockkill.core;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import sockkill.diag.SockId;
import sockkill.proc.ProcFs;
import sockkill.proc.ProcNetInetEntry;
import sockkill.proc.ProcNetTables;
import sockkill.proc.ProcNetUnixEntry;
import sockkill.proc.ProcNetUnixTable;
import sockkill.proc.SocketOwners;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * Discovery through the text tables of /proc/net: no netlink needed, but no cookies, and no queue
 * lengths, uid or peer for UNIX sockets. Tables are read by a thread inside the namespace, through
 * /proc/thread-self/net, so any namespace works, with or without a process in it.
 */
public final class ProcDiscovery implements SocketDiscovery {
    private static final Path THREAD_NET = Path.of("/proc/thread-self/net");
    private static final int SS_CONNECTING = 2;
    private static final int SS_CONNECTED = 3;

    private final NetworkNamespace namespace;

    public ProcDiscovery(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public String name() {
        return "/proc";
    }

    @Override
    public void discover(SocketFilter filter, Consumer<SocketEntry> sink, Consumer<DiscoveryNote> notes)
            throws IOException {
        List<DiscoveryNote> found = new ArrayList<>();
        // Read on the namespace's thread, handed over once it is done.
        List<SocketEntry> out = namespace.run(() -> {
            List<SocketEntry> list = new ArrayList<>();
            read(filter, list::add, found::add);
            return list;
        });
        out.forEach(sink);
        found.forEach(notes);
    }

    private void read(SocketFilter filter, Consumer<SocketEntry> sink, Consumer<DiscoveryNote> notes)
            throws IOException {
        ProcNetTables tables = ProcNetTables.of(THREAD_NET);
        for (Netid netid : Netid.values()) {
            if (netid.isInet() && filter.wants(netid)) {
                readInet(tables, netid, filter, sink, notes);
            }
        }
        if (filter.wants(Netid.UNIX_STREAM) || filter.wants(Netid.UNIX_DGRAM) || filter.wants(Netid.UNIX_SEQPACKET)) {
            ProcNetUnixTable unix = tables.unix(new HeldSockets()::holds);
            for (ProcNetUnixEntry e : unix.entries()) {
                SocketEntry s = toEntry(e);
                if (s != null && filter.matches(s)) {
                    sink.accept(s);
                }
            }
            if (unix.unconfirmed() > 0) {
                notes.accept(new DiscoveryNote(null, unix.unconfirmed() + " line(s) of /proc/net/unix could be a "
                        + "socket or part of the name before it (a name may hold line feeds), and no process holds "
                        + "such a socket: read as part of the name; --discovery=netlink lists UNIX sockets exactly"));
            }
        }
    }

    /**
     * Whether some process holds a socket, from every process's fd table, read once and only if a
     * line of /proc/net/unix needs confirming.
     */
    private static final class HeldSockets {
        private SocketOwners owners;

        boolean holds(long inode) {
            if (owners == null) {
                try {
                    owners = SocketOwners.scanAll(ProcFs.system());
                } catch (IOException e) {
                    owners = SocketOwners.none();
                }
            }
            return owners.holds(inode);
        }
    }

    private static void readInet(ProcNetTables tables, Netid netid, SocketFilter filter, Consumer<SocketEntry> sink,
            Consumer<DiscoveryNote> notes) throws IOException {
        String base = switch (netid) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case UDPLITE -> "udplite";
            case RAW -> "raw";
            default -> null;
        };
        if (base == null) {
            notes.accept(new DiscoveryNote(netid, netid.label() + " sockets cannot be listed through /proc (no table)"));
            return;
        }
        for (boolean ipv6 : new boolean[] {false, true}) {
            if (!filter.wantsFamily(ipv6)) {
                continue;
            }
            String table = ipv6 ? base + "6" : base;
            List<ProcNetInetEntry> entries;
            try {
                entries = tables.inet(table);
            } catch (NoSuchFileException e) {
                notes.accept(new DiscoveryNote(netid, "this kernel has no /proc/net/" + table + "; "
                        + netid.label() + (ipv6 ? " IPv6" : " IPv4") + " sockets are not listed"));
                continue;
            }
            for (ProcNetInetEntry e : entries) {
                SocketEntry s = toEntry(netid, e);
                if (filter.matches(s)) {
                    sink.accept(s);
                }
            }
        }
    }

    static SocketEntry toEntry(Netid netid, ProcNetInetEntry e) {
        SockId tuple = new SockId(e.localPort(), e.remotePort(), e.localAddress(), e.remoteAddress(), 0,
                Kernel.INET_DIAG_NOCOOKIE);
        return SocketEntry.inet(netid, e.ipv6() ? Kernel.AF_INET6 : Kernel.AF_INET, e.state(), tuple,
                e.receiveQueue(), e.sendQueue(), e.inode(), e.uid(), SocketEntry.Source.PROC);
    }

    /** Null for socket types sockkill does not know. */
    static SocketEntry toEntry(ProcNetUnixEntry e) {
        Netid netid;
        try {
            netid = Netid.unixOfType(e.type());
        } catch (IllegalArgumentException unknownType) {
            return null;
        }
        int state;
        if (e.listening()) {
            state = Kernel.TCP_LISTEN;
        } else if (e.socketState() == SS_CONNECTED) {
            state = Kernel.TCP_ESTABLISHED;
        } else if (e.socketState() == SS_CONNECTING) {
            state = Kernel.TCP_SYN_SENT;
        } else {
            state = Kernel.TCP_CLOSE;
        }
        return SocketEntry.unix(netid, state, e.path(), 0, 0, 0, e.inode(), -1, 0, SocketEntry.Source.PROC);
    }
}
