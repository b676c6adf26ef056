package sockkill.cli;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sockkill.core.MatchCriteria;
import sockkill.core.Netid;
import sockkill.core.SocketFilter;
import sockkill.core.SocketStates;
import sockkill.sys.Kernel;

/**
 * Which sockets {@code match} and {@code watch} kill: the socket filters, owner terms (a process,
 * a uid, a command name) and TCP silence (idle, stuck), at least one of them unless {@code --all}.
 */
public final class MatchFilters {
    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "--pid", paramLabel = "PID",
            description = "Only sockets process PID holds (in its network namespace unless --netns is given).")
    String pid;

    @Option(names = "--uid", paramLabel = "UID", description = "Only sockets owned by uid UID. TIME-WAIT and "
            + "SYN-RECV entries never match: the kernel does not report their owner (it says 0 for them).")
    String uid;

    @Option(names = "--comm", paramLabel = "NAME", description = "Only sockets held by a process named NAME.")
    String comm;

    @Option(names = "--idle", paramLabel = "SECONDS",
            description = "Only TCP connections with no traffic either way for SECONDS: no data sent, no data "
                    + "received and no acknowledgement received (tcp_info's last_data_sent, last_data_recv and "
                    + "last_ack_recv all at least SECONDS). A busy sender that receives nothing is not idle.")
    String idle;

    @Option(names = "--stuck", paramLabel = "SECONDS",
            description = "Only TCP sockets whose sent data (or SYN) the kernel has been retransmitting without "
                    + "an acknowledgement for SECONDS: a peer that vanished.")
    String stuck;

    @Option(names = "--all", description = "Allow a match without any filter: every socket of the kinds given.")
    boolean all;

    /**
     * The criteria these options describe for {@code command} ("match", "watch"); a usage error names
     * the option at fault.
     */
    MatchCriteria criteria(String command) {
        return criteria(command, false);
    }

    /**
     * As {@link #criteria(String)}; with {@code probing} (match --if-dead) the connections are to be probed
     * first: that alone is a filter, and only established TCP connections can be probed.
     */
    MatchCriteria criteria(String command, boolean probing) {
        if (filters.unix) {
            throw new UsageError(command + " kills TCP and UDP sockets; the kernel "
                    + "cannot destroy UNIX ones (sockkill pid P fd F --fallback=shutdown shuts one down)");
        }
        boolean silence = idle != null || stuck != null;
        boolean narrowed = !filters.states.isEmpty() || filters.localPort != null || filters.peerPort != null
                || filters.localPrefix != null || filters.peerPrefix != null || pid != null || uid != null
                || comm != null || silence || probing;
        if (!narrowed && !all) {
            throw new UsageError(command + " needs a filter (--pid, --uid, --comm, "
                    + "--state, --sport, --dport, --src, --dst, --idle, --stuck" + (probing ? ", --if-dead" : "")
                    + "); to kill every socket say --all");
        }
        if (probing && (filters.udp || filters.udplite || filters.raw || filters.mptcp)) {
            throw new UsageError("--if-dead probes TCP connections only: UDP and raw "
                    + "sockets have no keepalive to probe with, and MPTCP's runs on its subflows");
        }
        SocketFilter f = filters.toFilter();
        if (!filters.namesKinds()) {
            // MPTCP too: its TCP subflows carry its inode, and killing one would not free the process.
            // With --idle or --stuck the subflows' tcp_info decides, and their MPTCP socket is chosen;
            // with --if-dead such a socket is reported as not probed.
            Set<Netid> kinds = silence || probing ? EnumSet.of(Netid.TCP) : EnumSet.of(Netid.TCP, Netid.UDP, Netid.MPTCP);
            f = f.withNetids(kinds);
        }
        if (filters.states.isEmpty() && probing) {
            // only established connections can be probed
            f = f.withStates(SocketStates.bit(Kernel.TCP_ESTABLISHED));
        } else if (filters.states.isEmpty()) {
            // listeners, unconnected UDP sockets and bound-only ones only when asked for by name
            f = f.withStates(SocketStates.ALL & ~SocketStates.bit(Kernel.TCP_LISTEN)
                    & ~SocketStates.bit(Kernel.TCP_CLOSE) & ~SocketStates.bit(Kernel.TCP_BOUND_INACTIVE));
        }
        OptionalInt p = pid == null ? OptionalInt.empty() : OptionalInt.of(Numbers.parse("--pid", pid));
        OptionalLong u = uid == null ? OptionalLong.empty() : OptionalLong.of(Numbers.parseLong("--uid", uid,
                0xffff_ffffL));
        return new MatchCriteria(f, p, u, Optional.ofNullable(comm), seconds("--idle", idle), seconds("--stuck", stuck));
    }

    OptionalLong seconds(String option, String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            double s = Double.parseDouble(text);
            if (!(s >= 0) || s > 1e9) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new UsageError("invalid " + option + " '" + text
                    + "': expected a number of seconds");
        }
    }

}
