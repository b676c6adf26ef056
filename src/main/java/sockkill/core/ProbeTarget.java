package sockkill.core;

/**
 * A connection to probe, reached through one of its holders: fd {@code fd} of process {@code pid},
 * which must still hold socket {@code inode}.
 *
 * @param listed the socket as found (for reports), its holders included where known
 */
public record ProbeTarget(int pid, int fd, long inode, ListedSocket listed) {
}
