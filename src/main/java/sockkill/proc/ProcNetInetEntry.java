package sockkill.proc;

/**
 * One line of /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6}. Addresses are 16 bytes in
 * network order (IPv4 in the first four).
 */
public record ProcNetInetEntry(boolean ipv6, int state, byte[] localAddress, int localPort, byte[] remoteAddress,
        int remotePort, long sendQueue, long receiveQueue, long uid, long inode) {
}
