package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.core.Sockets.tcp;
import static sockkill.core.Sockets.unix;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sockkill.diag.InetDiagFilter;
import sockkill.diag.InetDiagFilter.Side;
import sockkill.sys.Kernel;

class SocketFilterTest {
    private static final SocketEntry SSH_IN = tcp(Kernel.TCP_ESTABLISHED, "10.0.0.5", 22, "192.168.1.7", 50000);
    private static final SocketEntry SSH_LISTEN = tcp(Kernel.TCP_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0);
    private static final SocketEntry IMAP_OUT_V6 =
            tcp(Kernel.TCP_ESTABLISHED, "2001:db8::5", 40000, "2001:db8::99", 993);
    private static final SocketEntry DNS = Sockets.inet(Netid.UDP, Kernel.TCP_CLOSE, "127.0.0.53", 53, "0.0.0.0", 0, 7);
    private static final SocketEntry UNIX_22 = unix(Netid.UNIX_STREAM, Kernel.TCP_LISTEN, "/run/x.sock", 22, 0);

    private static final SocketFilter ALL = SocketFilter.everything();

    @Test
    void everythingMatchesEveryKindFamilyAndState() {
        for (SocketEntry s : List.of(SSH_IN, SSH_LISTEN, IMAP_OUT_V6, DNS, UNIX_22)) {
            assertTrue(ALL.matches(s), s.toString());
        }
        assertTrue(ALL.kernelFilter().isEmpty());
    }

    @Test
    void kindsSelectByNetid() {
        SocketFilter udpOnly = ALL.withNetids(EnumSet.of(Netid.UDP));

        assertTrue(udpOnly.matches(DNS));
        assertFalse(udpOnly.matches(SSH_IN));
        assertFalse(udpOnly.matches(UNIX_22));
        assertFalse(ALL.withNetids(Set.of()).matches(DNS), "no kind at all selects nothing");
    }

    @Test
    void familiesSelectIpv4OrIpv6InetSockets() {
        assertTrue(ALL.withFamilies(true, false).matches(SSH_IN));
        assertFalse(ALL.withFamilies(true, false).matches(IMAP_OUT_V6));
        assertTrue(ALL.withFamilies(false, true).matches(IMAP_OUT_V6));
        assertFalse(ALL.withFamilies(false, true).matches(SSH_IN));
    }

    @Test
    void statesSelectByTheStateBitForInetAndUnixAlike() {
        SocketFilter listening = ALL.withStates(SocketStates.parse("listen"));

        assertTrue(listening.matches(SSH_LISTEN));
        assertTrue(listening.matches(UNIX_22));
        assertFalse(listening.matches(SSH_IN));
        assertFalse(listening.matches(DNS));
    }

    @Test
    void portsSelectByTheLocalOrThePeerPort() {
        assertTrue(ALL.withLocalPort(22).matches(SSH_IN));
        assertTrue(ALL.withLocalPort(22).matches(SSH_LISTEN));
        assertFalse(ALL.withLocalPort(22).matches(IMAP_OUT_V6));
        assertTrue(ALL.withPeerPort(993).matches(IMAP_OUT_V6));
        assertFalse(ALL.withPeerPort(22).matches(SSH_IN), "22 is SSH_IN's local port, not its peer's");
        assertFalse(ALL.withLocalPort(22).withPeerPort(993).matches(SSH_IN), "every term must hold");
    }

    @Test
    void prefixesSelectByTheLocalOrThePeerAddress() {
        assertTrue(ALL.withPeerPrefix(AddressPrefix.parse("192.168.0.0/16")).matches(SSH_IN));
        assertFalse(ALL.withLocalPrefix(AddressPrefix.parse("192.168.0.0/16")).matches(SSH_IN));
        assertTrue(ALL.withLocalPrefix(AddressPrefix.parse("2001:db8::/32")).matches(IMAP_OUT_V6));
        assertFalse(ALL.withLocalPrefix(AddressPrefix.parse("2001:db8::/32")).matches(SSH_IN));
        assertFalse(ALL.withPeerPrefix(AddressPrefix.parse("2001:db8::99/128")).matches(SSH_IN));
    }

    @Test
    void anIpv4PrefixSelectsIpv6SocketsWithIpv4MappedAddresses() {
        SocketEntry mapped = tcp(Kernel.TCP_ESTABLISHED, "::ffff:10.0.0.5", 22, "::ffff:192.168.1.7", 50000);

        assertTrue(ALL.withPeerPrefix(AddressPrefix.parse("192.168.0.0/16")).matches(mapped));
        assertFalse(ALL.withPeerPrefix(AddressPrefix.parse("10.0.0.0/8")).matches(mapped));
    }

    @Test
    void anInodeSelectsExactlyThatSocketOfAnyKind() {
        assertTrue(ALL.withInode(7).matches(DNS));
        assertFalse(ALL.withInode(7).matches(SSH_IN));
        assertTrue(ALL.withInode(22).matches(UNIX_22));
        assertFalse(ALL.withInode(23).matches(UNIX_22));
    }

    @Test
    void unixSocketsNeverMatchOnceAPortOrAddressTermIsSet() {
        // a UNIX socket's "port" is its inode (22 here): it must not satisfy --sport 22
        assertFalse(ALL.withLocalPort(22).matches(UNIX_22));
        assertFalse(ALL.withPeerPort(0).matches(UNIX_22));
        assertFalse(ALL.withLocalPrefix(AddressPrefix.parse("0.0.0.0/0")).matches(UNIX_22));
        assertFalse(ALL.withPeerPrefix(AddressPrefix.parse("::/0")).matches(UNIX_22));
        assertFalse(ALL.withLocalPort(22).wants(Netid.UNIX_STREAM));
        assertTrue(ALL.withLocalPort(22).wants(Netid.TCP));
        assertTrue(ALL.wants(Netid.UNIX_DGRAM));
    }

    @Test
    void theKernelFilterCarriesPortsThenPrefixes() {
        SocketFilter f = ALL.withPeerPrefix(AddressPrefix.parse("10.0.0.0/8")).withLocalPort(22)
                .withLocalPrefix(AddressPrefix.parse("2001:db8::/32")).withPeerPort(443);

        List<InetDiagFilter.Condition> c = f.kernelFilter().conditions();

        assertEquals(4, c.size());
        assertEquals(new InetDiagFilter.Port(Side.LOCAL, 22), c.get(0));
        assertEquals(new InetDiagFilter.Port(Side.PEER, 443), c.get(1));
        assertEquals(new InetDiagFilter.Prefix(Side.LOCAL, AddressText.parse("2001:db8::"), 32), c.get(2));
        InetDiagFilter.Prefix peer = (InetDiagFilter.Prefix) c.get(3);
        assertEquals(Side.PEER, peer.side());
        assertArrayEquals(new byte[] {10, 0, 0, 0}, peer.address());
        assertEquals(8, peer.prefixLength());
    }

    @Test
    void theKernelFilterLeavesStatesKindsAndInodesToOtherMeans() {
        SocketFilter f = ALL.withStates(SocketStates.parse("listen")).withInode(5).withNetids(EnumSet.of(Netid.TCP));

        assertTrue(f.kernelFilter().isEmpty());
    }
}
