package sockkill.core;

import java.util.Optional;

import sockkill.diag.InetDiagView;
import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;

/**
 * A socket read in place from a sock_diag reply: one instance serves a whole dump, pointed at each
 * reply in turn. Addresses are formatted straight from the datagram (through AddressText's cache),
 * so a listing builds no objects per socket. Valid only inside the sink call; {@link #snapshot()}
 * copies it out.
 */
final class InetDiagSocketView extends SocketEntry {
    private final Netid netid;
    private InetDiagView view;

    InetDiagSocketView(Netid netid) {
        this.netid = netid;
    }

    InetDiagSocketView at(InetDiagView v) {
        this.view = v;
        return this;
    }

    @Override
    public Netid netid() {
        return netid;
    }

    @Override
    public int family() {
        return view.family();
    }

    @Override
    public int state() {
        return view.state();
    }

    @Override
    public Optional<SockId> sockId() {
        return Optional.of(view.sockId());
    }

    @Override
    public SockId tuple() {
        return view.sockId();
    }

    @Override
    public boolean hasCookie() {
        return true;
    }

    @Override
    public long cookie() {
        return view.cookie();
    }

    @Override
    public String localAddress() {
        return AddressText.format(view.buffer(), view.sourceAddressOffset(), view.isIpv6());
    }

    @Override
    public String peerAddress() {
        return AddressText.format(view.buffer(), view.destinationAddressOffset(), view.isIpv6());
    }

    @Override
    public long localPort() {
        return view.sourcePort();
    }

    @Override
    public long peerPort() {
        return view.destinationPort();
    }

    @Override
    public byte[] localAddressBytes() {
        return copy(view.sourceAddressOffset());
    }

    @Override
    public byte[] peerAddressBytes() {
        return copy(view.destinationAddressOffset());
    }

    private byte[] copy(int offset) {
        byte[] out = new byte[16];
        view.buffer().get(offset, out);
        return out;
    }

    @Override
    public long receiveQueue() {
        return view.receiveQueue();
    }

    @Override
    public long sendQueue() {
        return view.sendQueue();
    }

    @Override
    public long inode() {
        return view.inode();
    }

    @Override
    public long uid() {
        return ownerUid(view.state(), view.uid());
    }

    @Override
    public Source source() {
        return Source.SOCK_DIAG;
    }

    @Override
    public Optional<TcpInfo> tcpInfo() {
        return Optional.ofNullable(view.tcpInfo());
    }

    @Override
    public SocketEntry snapshot() {
        return DiagDiscovery.toEntry(netid, view.decode());
    }
}
