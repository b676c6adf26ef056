package sockkill.core;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Which sockets {@code match} kills: a {@link SocketFilter} for what the kernel can filter, then
 * owner terms (a process, a uid, a command name) and TCP silence (idle, stuck) applied in Java.
 */
public record MatchCriteria(SocketFilter filter, OptionalInt pid, OptionalLong uid, Optional<String> comm,
        OptionalLong idleMillis, OptionalLong stuckMillis) {

    /** True when tcp_info must be asked for. */
    public boolean needsTcpInfo() {
        return idleMillis.isPresent() || stuckMillis.isPresent();
    }

    /** True when owners must be looked up in /proc. */
    public boolean needsOwners() {
        return pid.isPresent() || comm.isPresent();
    }
}
