package sockkill.core;

/** How sockets are enumerated. */
public enum DiscoveryMode {
    /** sock_diag, or /proc when a NETLINK_SOCK_DIAG socket cannot be opened. */
    AUTO,
    /** sock_diag only. */
    NETLINK,
    /** /proc/net only. */
    PROC
}
