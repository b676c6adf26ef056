package sockkill.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import sockkill.diag.InetDiagFilter;

/**
 * Which sockets a command is about. Kinds, families, states, ports and addresses can be handed to
 * the kernel ({@link #kernelFilter()}, {@link #states()}); {@link #matches} applies every term in
 * Java as well, so each discovery path selects exactly the same sockets.
 */
public record SocketFilter(Set<Netid> netids, boolean ipv4, boolean ipv6, int states,
        OptionalInt localPort, OptionalInt peerPort, Optional<AddressPrefix> localPrefix,
        Optional<AddressPrefix> peerPrefix, OptionalLong inode) {

    public SocketFilter {
        netids = netids.isEmpty() ? EnumSet.noneOf(Netid.class) : EnumSet.copyOf(netids);
    }

    /** Every socket of every kind. */
    public static SocketFilter everything() {
        return new SocketFilter(EnumSet.allOf(Netid.class), true, true, SocketStates.ALL, OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public SocketFilter withNetids(Set<Netid> kinds) {
        return new SocketFilter(kinds, ipv4, ipv6, states, localPort, peerPort, localPrefix, peerPrefix, inode);
    }

    public SocketFilter withFamilies(boolean v4, boolean v6) {
        return new SocketFilter(netids, v4, v6, states, localPort, peerPort, localPrefix, peerPrefix, inode);
    }

    public SocketFilter withStates(int mask) {
        return new SocketFilter(netids, ipv4, ipv6, mask, localPort, peerPort, localPrefix, peerPrefix, inode);
    }

    public SocketFilter withLocalPort(int port) {
        return new SocketFilter(netids, ipv4, ipv6, states, OptionalInt.of(port), peerPort, localPrefix, peerPrefix,
                inode);
    }

    public SocketFilter withPeerPort(int port) {
        return new SocketFilter(netids, ipv4, ipv6, states, localPort, OptionalInt.of(port), localPrefix, peerPrefix,
                inode);
    }

    public SocketFilter withLocalPrefix(AddressPrefix p) {
        return new SocketFilter(netids, ipv4, ipv6, states, localPort, peerPort, Optional.of(p), peerPrefix, inode);
    }

    public SocketFilter withPeerPrefix(AddressPrefix p) {
        return new SocketFilter(netids, ipv4, ipv6, states, localPort, peerPort, localPrefix, Optional.of(p), inode);
    }

    public SocketFilter withInode(long ino) {
        return new SocketFilter(netids, ipv4, ipv6, states, localPort, peerPort, localPrefix, peerPrefix,
                OptionalLong.of(ino));
    }

    /** True when a term only inet sockets can satisfy is set (ports, addresses). */
    public boolean hasInetTerms() {
        return localPort.isPresent() || peerPort.isPresent() || localPrefix.isPresent() || peerPrefix.isPresent();
    }

    /** Whether sockets of this kind can match at all; lets discovery skip whole dumps. */
    public boolean wants(Netid netid) {
        return netids.contains(netid) && !(netid.isUnix() && hasInetTerms());
    }

    public boolean wantsFamily(boolean familyIsIpv6) {
        return familyIsIpv6 ? ipv6 : ipv4;
    }

    /** The ports and addresses as kernel bytecode. */
    public InetDiagFilter kernelFilter() {
        List<InetDiagFilter.Condition> conditions = new ArrayList<>();
        localPort.ifPresent(p -> conditions.add(new InetDiagFilter.Port(InetDiagFilter.Side.LOCAL, p)));
        peerPort.ifPresent(p -> conditions.add(new InetDiagFilter.Port(InetDiagFilter.Side.PEER, p)));
        localPrefix.ifPresent(p -> conditions.add(
                new InetDiagFilter.Prefix(InetDiagFilter.Side.LOCAL, p.address(), p.length())));
        peerPrefix.ifPresent(p -> conditions.add(
                new InetDiagFilter.Prefix(InetDiagFilter.Side.PEER, p.address(), p.length())));
        return InetDiagFilter.allOf(conditions);
    }

    public boolean matches(SocketEntry s) {
        if (!wants(s.netid()) || (SocketStates.bit(s.state()) & states) == 0) {
            return false;
        }
        if (inode.isPresent() && inode.getAsLong() != s.inode()) {
            return false;
        }
        if (s.netid().isUnix()) {
            return true;
        }
        if (!wantsFamily(s.isIpv6())) {
            return false;
        }
        if (localPort.isPresent() && localPort.getAsInt() != s.localPort()) {
            return false;
        }
        if (peerPort.isPresent() && peerPort.getAsInt() != s.peerPort()) {
            return false;
        }
        if (localPrefix.isPresent() && !localPrefix.get().matches(s.localAddressBytes(), s.isIpv6())) {
            return false;
        }
        return peerPrefix.isEmpty() || peerPrefix.get().matches(s.peerAddressBytes(), s.isIpv6());
    }
}
