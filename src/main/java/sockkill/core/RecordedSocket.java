package sockkill.core;

import java.util.Optional;

import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

/** A socket held in memory: its fields copied out of whatever reported it. */
final class RecordedSocket extends SocketEntry {

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

    RecordedSocket(Netid netid, int family, int state, SockId id, String unixPath, long unixPeerInode,
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

    @Override
    public Netid netid() {
        return netid;
    }

    /** AF_INET, AF_INET6 or AF_UNIX. */
    @Override
    public int family() {
        return family;
    }

    /** The kernel's state number; {@link SocketStates#name} gives ss's word for it. */
    @Override
    public int state() {
        return state;
    }

    /** The sockid to send back for a kill, for inet sockets found through sock_diag. */
    @Override
    public Optional<SockId> sockId() {
        return netid.isInet() && source == Source.SOCK_DIAG ? Optional.of(id) : Optional.empty();
    }

    /** The tuple as a sockid whatever the source (its cookie is meaningless unless {@link #hasCookie()}). */
    @Override
    public SockId tuple() {
        if (!netid.isInet()) {
            throw new IllegalStateException("a UNIX socket has no inet tuple");
        }
        return id;
    }

    @Override
    public boolean hasCookie() {
        return source == Source.SOCK_DIAG;
    }

    /** The kernel's socket cookie (ss -e shows it as sk:HEX); 0 when discovered through /proc. */
    @Override
    public long cookie() {
        return cookie;
    }

    @Override
    public String localAddress() {
        if (localAddress == null) {
            localAddress = netid.isUnix() ? (unixPath.isEmpty() ? "*" : unixPath) : ip(id.source());
        }
        return localAddress;
    }

    @Override
    public String peerAddress() {
        if (peerAddress == null) {
            peerAddress = netid.isUnix() ? "*" : ip(id.destination());
        }
        return peerAddress;
    }

    /** The local port; for UNIX sockets, as in ss, the socket's own inode. */
    @Override
    public long localPort() {
        return netid.isUnix() ? inode : id.sourcePort();
    }

    /** The peer's port; for UNIX sockets, as in ss, the peer's inode (0 without a peer). */
    @Override
    public long peerPort() {
        return netid.isUnix() ? unixPeerInode : id.destinationPort();
    }

    /** The raw local address bytes (16; 4 count for IPv4), for filters. */
    @Override
    public byte[] localAddressBytes() {
        return netid.isUnix() ? new byte[0] : id.source();
    }

    @Override
    public byte[] peerAddressBytes() {
        return netid.isUnix() ? new byte[0] : id.destination();
    }

    @Override
    public long receiveQueue() {
        return receiveQueue;
    }

    @Override
    public long sendQueue() {
        return sendQueue;
    }

    /** 0 for TIME-WAIT and SYN-RECV entries, which belong to no file. */
    @Override
    public long inode() {
        return inode;
    }

    @Override
    public long uid() {
        return uid;
    }

    @Override
    public Source source() {
        return source;
    }

    /** tcp_info, for TCP sockets found through a dump that asked for it (not TIME-WAIT or SYN-RECV entries). */
    @Override
    public Optional<TcpInfo> tcpInfo() {
        return Optional.ofNullable(tcpInfo);
    }

    private String ip(byte[] raw) {
        return AddressText.format(raw, family == Kernel.AF_INET6);
    }

    @Override
    public SocketEntry snapshot() {
        return this;
    }
}
