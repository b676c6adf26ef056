package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import sockkill.proc.FdOwner;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;

/**
 * Selects the sockets {@link MatchCriteria} describe in one namespace: the kernel filters kinds,
 * states, ports and addresses; owners, uid and TCP silence are checked here.
 */
public final class SocketMatcher {
    private final ProcFs proc;

    public SocketMatcher(ProcFs proc) {
        this.proc = proc;
    }

    public List<ListedSocket> select(NamespaceSession session, MatchCriteria c) throws IOException, Problem {
        SocketOwners owners = owners(c);
        DiagDiscovery discovery = new DiagDiscovery(session.diag(), session.namespace());
        if (c.needsTcpInfo()) {
            discovery = discovery.withTcpInfo();
        }
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
            List<FdOwner> holders = c.needsOwners() ? owners.of(s.inode()) : null;
            if (c.comm().isPresent() && holders.stream().noneMatch(o -> o.comm().equals(c.comm().get()))) {
                return;
            }
            if (c.pid().isPresent() && holders.isEmpty()) {
                return;
            }
            out.add(new ListedSocket(s.snapshot(), holders));
        }, note -> { });
        return out;
    }

    private SocketOwners owners(MatchCriteria c) throws IOException, Problem {
        if (c.pid().isPresent()) {
            return ProcessSockets.of(proc, c.pid().getAsInt());
        }
        return c.comm().isPresent() ? SocketOwners.scanAll(proc) : SocketOwners.none();
    }
}
