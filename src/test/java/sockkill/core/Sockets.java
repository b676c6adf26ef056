package sockkill.core;

import sockkill.diag.SockId;
import sockkill.sys.Kernel;

/** SocketEntry fixtures for filter tests. */
final class Sockets {
    private Sockets() {
    }

    static SocketEntry inet(Netid netid, int state, String local, int localPort, String peer, int peerPort,
            long inode) {
        byte[] l = AddressText.parse(local);
        byte[] p = AddressText.parse(peer);
        if (l.length != p.length) {
            throw new IllegalArgumentException("mixed families");
        }
        int family = l.length == 4 ? Kernel.AF_INET : Kernel.AF_INET6;
        return SocketEntry.inet(netid, family, state, new SockId(localPort, peerPort, l, p, 0, 1), 0, 0, inode, 0,
                SocketEntry.Source.SOCK_DIAG);
    }

    static SocketEntry tcp(int state, String local, int localPort, String peer, int peerPort) {
        return inet(Netid.TCP, state, local, localPort, peer, peerPort, 1000);
    }

    static SocketEntry unix(Netid netid, int state, String path, long inode, long peerInode) {
        return SocketEntry.unix(netid, state, path, peerInode, 0, 0, inode, 1000, 5, SocketEntry.Source.SOCK_DIAG);
    }
}
