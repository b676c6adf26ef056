package sockkill.core;

import java.util.Optional;

import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

/**
 * One socket as sockkill reports it, whichever way it was discovered. An inet socket keeps the
 * sockid it was found with (the kill needs it verbatim); a UNIX socket keeps its path and peer.
 * Ports and addresses are text and numbers the way ss -n shows them.
 */
public final class SocketEntry {
    /** How a socket was found: sock_diag gives cookies; /proc/net does not. */
    public enum Source {
        SOCK_DIAG,
        PROC
    }

    private final Netid netid;
    private final int family;
    private final int state;
    private final SockId id;
    private final String unixPath;
    private final long unixPeerInode;
    private final long receiveQueue;
    private final long sendQueue;
    private final long inode;
    private final long uid;
    private final long cookie;
    private final Source source;
    private final TcpInfo tcpInfo;
    private String localAddress;
    private String peerAddress;

    private SocketEntry(Netid netid, int family, int state, SockId id, String unixPath, long unixPeerInode,
            long receiveQueue, long sendQueue, long inode, long uid, long cookie, Source source, TcpInfo tcpInfo) {
        this.netid = netid;
        this.family = family;
        this.state = state;
        this.id = id;
        this.unixPath = unixPath;
        this.unixPeerInode = unixPeerInode;
        this.receiveQueue = receiveQueue;
        this.sendQueue = sendQueue;
        this.inode = inode;
        this.uid = uid;
        this.cookie = cookie;
        this.source = source;
        this.tcpInfo = tcpInfo;
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
        return new SocketEntry(netid, family, state, id, null, 0, receiveQueue, sendQueue, inode, uid, cookie,
                source, tcpInfo);
    }

    /** A UNIX socket; {@code path} is empty when unbound, "@name" when abstract. */
    public static SocketEntry unix(Netid netid, int state, String path, long peerInode, long receiveQueue,
            long sendQueue, long inode, long uid, long cookie, Source source) {
        if (!netid.isUnix()) {
            throw new IllegalArgumentException(netid + " is not a UNIX kind");
        }
        return new SocketEntry(netid, Kernel.AF_UNIX, state, null, path, peerInode, receiveQueue, sendQueue,
                inode, uid, cookie, source, null);
    }

    public Netid netid() {
        return netid;
    }

    /** AF_INET, AF_INET6 or AF_UNIX. */
    public int family() {
        return family;
    }

    public boolean isIpv6() {
        return family == Kernel.AF_INET6;
    }

    /** The kernel's state number; {@link SocketStates#name} gives ss's word for it. */
    public int state() {
        return state;
    }

    public String stateName() {
        return SocketStates.name(state);
    }

    /** The sockid to send back for a kill, for inet sockets found through sock_diag. */
    public Optional<SockId> sockId() {
        return netid.isInet() && source == Source.SOCK_DIAG ? Optional.of(id) : Optional.empty();
    }

    /** The tuple as a sockid whatever the source (its cookie is meaningless unless {@link #hasCookie()}). */
    public SockId tuple() {
        if (!netid.isInet()) {
            throw new IllegalStateException("a UNIX socket has no inet tuple");
        }
        return id;
    }

    public boolean hasCookie() {
        return source == Source.SOCK_DIAG;
    }

    /** The kernel's socket cookie (ss -e shows it as sk:HEX); 0 when discovered through /proc. */
    public long cookie() {
        return cookie;
    }

    public String localAddress() {
        if (localAddress == null) {
            localAddress = netid.isUnix() ? (unixPath.isEmpty() ? "*" : unixPath) : ip(id.source());
        }
        return localAddress;
    }

    public String peerAddress() {
        if (peerAddress == null) {
            peerAddress = netid.isUnix() ? "*" : ip(id.destination());
        }
        return peerAddress;
    }

    /** The local port; for UNIX sockets, as in ss, the socket's own inode. */
    public long localPort() {
        return netid.isUnix() ? inode : id.sourcePort();
    }

    /** The peer's port; for UNIX sockets, as in ss, the peer's inode (0 without a peer). */
    public long peerPort() {
        return netid.isUnix() ? unixPeerInode : id.destinationPort();
    }

    /** The raw local address bytes (16; 4 count for IPv4), for filters. */
    public byte[] localAddressBytes() {
        return netid.isUnix() ? new byte[0] : id.source();
    }

    public byte[] peerAddressBytes() {
        return netid.isUnix() ? new byte[0] : id.destination();
    }

    public long receiveQueue() {
        return receiveQueue;
    }

    public long sendQueue() {
        return sendQueue;
    }

    /** 0 for TIME-WAIT and SYN-RECV entries, which belong to no file. */
    public long inode() {
        return inode;
    }

    /** -1 when unknown (UNIX sockets on kernels without UDIAG_SHOW_UID). */
    public long uid() {
        return uid;
    }

    public Source source() {
        return source;
    }

    /** tcp_info, for TCP sockets found through a dump that asked for it (not TIME-WAIT or SYN-RECV entries). */
    public Optional<TcpInfo> tcpInfo() {
        return Optional.ofNullable(tcpInfo);
    }

    private String ip(byte[] raw) {
        return AddressText.format(raw, family == Kernel.AF_INET6);
    }

    @Override
    public String toString() {
        return netid.label() + " " + stateName() + " " + localAddress() + ":" + localPort() + " -> "
                + peerAddress() + ":" + peerPort() + " ino:" + inode;
    }
}
