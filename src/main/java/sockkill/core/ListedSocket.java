package sockkill.core;

import java.util.List;

import sockkill.proc.FdOwner;

/** A socket and the processes that hold it; {@code owners} is null when owners were not looked up. */
public record ListedSocket(SocketEntry socket, List<FdOwner> owners) {
}
