package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sockkill.proc.FdOwner;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;

/**
 * Selects the sockets {@link MatchCriteria} describe in one namespace: the kernel filters kinds,
 * states, ports and addresses; owners, uid and TCP silence are checked here. A TCP subflow of an
 * MPTCP socket is never selected itself: its MPTCP socket is, once.
 */
public final class SocketMatcher {
    private final ProcFs proc;

    public SocketMatcher(ProcFs proc) {
        this.proc = proc;
    }

    public List<ListedSocket> select(NamespaceSession session, MatchCriteria c) throws IOException, Problem {
        return select(session, c, owners(c));
    }

    /** As {@link #select(NamespaceSession, MatchCriteria)}, with the owners read once for many namespaces. */
    public List<ListedSocket> select(NamespaceSession session, MatchCriteria c, SocketOwners owners)
            throws IOException {
        DiagDiscovery discovery = new DiagDiscovery(session.diag(), session.namespace());
        if (c.needsTcpInfo()) {
            discovery = discovery.withTcpInfo();
        }
        Map<Long, SocketEntry> mptcp = c.filter().wants(Netid.TCP) ? mptcpSockets(session) : Map.of();
        Set<Long> taken = new HashSet<>();
        List<ListedSocket> out = new ArrayList<>();
        discovery.discover(c.filter(), s -> {
            // an unknown uid (-1: TIME-WAIT and SYN-RECV entries) matches no --uid
            if (c.uid().isPresent() && (s.uid() < 0 || s.uid() != c.uid().getAsLong())) {
                return;
            }
            if (c.idleMillis().isPresent() && !TcpSilence.idle(s, c.idleMillis().getAsLong())) {
                return;
            }
            if (c.stuckMillis().isPresent() && !TcpSilence.stuck(s, c.stuckMillis().getAsLong())) {
                return;
            }
            // A TCP subflow of an MPTCP socket carries its inode, but destroying it would not wake the
            // process: it stands for its MPTCP socket (its tcp_info speaking for it where asked).
            SocketEntry chosen = s.netid() == Netid.TCP ? mptcp.getOrDefault(s.inode(), s) : s;
            List<FdOwner> holders = c.needsOwners() ? owners.of(chosen.inode()) : null;
            if (c.comm().isPresent() && holders.stream().noneMatch(o -> o.comm().equals(c.comm().get()))) {
                return;
            }
            if (c.pid().isPresent() && holders.isEmpty()) {
                return;
            }
            if (chosen.netid() == Netid.MPTCP && !taken.add(chosen.inode())) {
                return;
            }
            out.add(new ListedSocket(chosen.snapshot(), holders));
        }, note -> { });
        return out;
    }

    /** Every MPTCP socket of the namespace by inode; none where the kernel cannot dump them. */
    private static Map<Long, SocketEntry> mptcpSockets(NamespaceSession session) throws IOException {
        Map<Long, SocketEntry> out = new HashMap<>();
        DiagDiscovery all = new DiagDiscovery(session.diag(), session.namespace());
        all.discover(SocketFilter.everything().withNetids(EnumSet.of(Netid.MPTCP)), s -> {
            if (s.inode() != 0) {
                out.put(s.inode(), s.snapshot());
            }
        }, note -> { });
        return out;
    }

    /** The owners {@code c} needs: one process's fds, every process's, or none. */
    public SocketOwners owners(MatchCriteria c) throws IOException, Problem {
        if (c.pid().isPresent()) {
            return ProcessSockets.of(proc, c.pid().getAsInt());
        }
        return c.comm().isPresent() ? SocketOwners.scanAll(proc) : SocketOwners.none();
    }
}
