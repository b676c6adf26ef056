package sockkill.proc;

/**
 * One line of /proc/net/unix. {@code socketState} is the struct socket state (SS_UNCONNECTED 1,
 * SS_CONNECTING 2, SS_CONNECTED 3, SS_DISCONNECTING 4); {@code listening} is the __SO_ACCEPTCON flag.
 */
public record ProcNetUnixEntry(int type, int socketState, boolean listening, long inode, String path) {
}
