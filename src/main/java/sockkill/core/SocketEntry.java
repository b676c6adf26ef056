package sockkill.core;

import java.util.Optional;

import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

/**
 * One socket as sockkill reports it, whichever way it was discovered. An inet socket keeps the
 * sockid it was found with (the kill needs it verbatim); a UNIX socket keeps its path and peer.
 * Ports and addresses are text and numbers the way ss -n shows them.
 *
 * <p>Discovery may hand out a view over the datagram the kernel sent instead of a copy: such an
 * entry is valid only while the sink that receives it runs. {@link #snapshot()} gives one to keep.
 */
public abstract class SocketEntry {
    /** How a socket was found: sock_diag gives cookies; /proc/net does not. */
    public enum Source {
        SOCK_DIAG,
        PROC
    }

    /** An inet socket (TCP, UDP, raw...) with the sockid the kernel or /proc gave for it. */
    public static SocketEntry inet(Netid netid, int family, int state, SockId id, long receiveQueue, long sendQueue,
            long inode, long uid, Source source) {
        return inet(netid, family, state, id, receiveQueue, sendQueue, inode, uid, source, null);
    }

    /** As above, with the tcp_info the kernel sent when asked (null otherwise). */
    public static SocketEntry inet(Netid netid, int family, int state, SockId id, long receiveQueue, long sendQueue,
            long inode, long uid, Source source, TcpInfo tcpInfo) {
        if (!netid.isInet() || (family != Kernel.AF_INET && family != Kernel.AF_INET6)) {
            throw new IllegalArgumentException(netid + " socket of family " + family);
        }
        long cookie = source == Source.SOCK_DIAG ? id.cookie() : 0;
        return new RecordedSocket(netid, family, state, id, null, 0, receiveQueue, sendQueue, inode,
                ownerUid(state, uid), cookie, source, tcpInfo);
    }

    /**
     * The uid of an inet socket as the kernel reported it, or -1 (unknown) for TIME-WAIT and SYN-RECV
     * entries: those belong to no file, and the kernel reports uid 0 for them whoever owned the
     * connection (inet_diag for both, /proc/net/tcp for TIME-WAIT), so their uid is not known.
     */
    static long ownerUid(int state, long reportedUid) {
        return state == Kernel.TCP_TIME_WAIT || state == Kernel.TCP_SYN_RECV || state == Kernel.TCP_NEW_SYN_RECV
                ? -1 : reportedUid;
    }

    /** A UNIX socket; {@code path} is empty when unbound, "@name" when abstract. */
    public static SocketEntry unix(Netid netid, int state, String path, long peerInode, long receiveQueue,
            long sendQueue, long inode, long uid, long cookie, Source source) {
        if (!netid.isUnix()) {
            throw new IllegalArgumentException(netid + " is not a UNIX kind");
        }
        return new RecordedSocket(netid, Kernel.AF_UNIX, state, null, path, peerInode, receiveQueue, sendQueue,
                inode, uid, cookie, source, null);
    }

    public abstract Netid netid();

    /** AF_INET, AF_INET6 or AF_UNIX. */
    public abstract int family();

    public boolean isIpv6() {
        return family() == Kernel.AF_INET6;
    }

    /** The kernel's state number; {@link SocketStates#name} gives ss's word for it. */
    public abstract int state();

    public String stateName() {
        return SocketStates.name(state());
    }

    /** The sockid to send back for a kill, for inet sockets found through sock_diag. */
    public abstract Optional<SockId> sockId();

    /** The tuple as a sockid whatever the source (its cookie is meaningless unless {@link #hasCookie()}). */
    public abstract SockId tuple();

    public abstract boolean hasCookie();

    /** The kernel's socket cookie (ss -e shows it as sk:HEX); 0 when discovered through /proc. */
    public abstract long cookie();

    /** Numeric, IPv6 per RFC 5952; UNIX: the path, "@name", or "*" when unbound. */
    public abstract String localAddress();

    /** Numeric; "*" for UNIX sockets. */
    public abstract String peerAddress();

    /** The local port; for UNIX sockets, as in ss, the socket's own inode. */
    public abstract long localPort();

    /** The peer's port; for UNIX sockets, as in ss, the peer's inode (0 without a peer). */
    public abstract long peerPort();

    /** The raw local address bytes (16; 4 count for IPv4), for filters. */
    public abstract byte[] localAddressBytes();

    public abstract byte[] peerAddressBytes();

    public abstract long receiveQueue();

    public abstract long sendQueue();

    /** 0 for TIME-WAIT and SYN-RECV entries, which belong to no file. */
    public abstract long inode();

    /**
     * -1 when unknown: TIME-WAIT and SYN-RECV entries (the kernel says 0 for them, whoever owned
     * the connection), UNIX sockets found through /proc or on kernels without UDIAG_SHOW_UID.
     */
    public abstract long uid();

    public abstract Source source();

    /** tcp_info, for TCP sockets found through a dump that asked for it (not TIME-WAIT or SYN-RECV entries). */
    public abstract Optional<TcpInfo> tcpInfo();

    /** This socket as an entry that stays valid: itself if it already is one. */
    public abstract SocketEntry snapshot();

    @Override
    public String toString() {
        return netid().label() + " " + stateName() + " " + localAddress() + ":" + localPort() + " -> "
                + peerAddress() + ":" + peerPort() + " ino:" + inode();
    }
}
