package sockkill.proc;

/**
 * What {@code /proc/PID/fd/N} points at: its link text, and the socket inode when the text is
 * {@code socket:[INODE]}.
 */
public record FdLink(int pid, int fd, String target) {
    private static final String SOCKET_PREFIX = "socket:[";

    public boolean isSocket() {
        return socketInode(target) >= 0;
    }

    /** The socket's inode; call only when {@link #isSocket()}. */
    public long inode() {
        long inode = socketInode(target);
        if (inode < 0) {
            throw new IllegalStateException("fd " + fd + " of pid " + pid + " is not a socket: " + target);
        }
        return inode;
    }

    /** The inode in "socket:[INODE]", or -1 when the text is anything else. */
    public static long socketInode(CharSequence link) {
        int n = link.length();
        if (n < SOCKET_PREFIX.length() + 2 || link.charAt(n - 1) != ']') {
            return -1;
        }
        for (int i = 0; i < SOCKET_PREFIX.length(); i++) {
            if (link.charAt(i) != SOCKET_PREFIX.charAt(i)) {
                return -1;
            }
        }
        long inode = 0;
        for (int i = SOCKET_PREFIX.length(); i < n - 1; i++) {
            char c = link.charAt(i);
            if (c < '0' || c > '9' || inode > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            inode = inode * 10 + (c - '0');
        }
        return inode;
    }
}
