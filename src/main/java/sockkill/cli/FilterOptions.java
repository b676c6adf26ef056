package sockkill.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Option;
import sockkill.core.AddressPrefix;
import sockkill.core.Digits;
import sockkill.core.Netid;
import sockkill.core.SocketFilter;
import sockkill.core.SocketStates;

/** The socket filters shared by the commands that select sockets: kinds, families, states, ports, addresses. */
public final class FilterOptions {
    @Option(names = {"-t", "--tcp"}, description = "TCP sockets.")
    boolean tcp;

    @Option(names = {"-u", "--udp"}, description = "UDP sockets.")
    boolean udp;

    @Option(names = {"-x", "--unix"}, description = "UNIX sockets.")
    boolean unix;

    @Option(names = {"-w", "--raw"}, description = "Raw IP sockets.")
    boolean raw;

    @Option(names = "--udplite", description = "UDP-Lite sockets.")
    boolean udplite;

    @Option(names = {"-M", "--mptcp"}, description = "MPTCP sockets.")
    boolean mptcp;

    @Option(names = "-4", description = "IPv4 sockets only.")
    boolean ipv4;

    @Option(names = "-6", description = "IPv6 sockets only.")
    boolean ipv6;

    @Option(names = "--state", paramLabel = "STATE", split = ",", completionCandidates = StateNames.class,
            description = "Only sockets in STATE (repeatable): established, syn-sent, syn-recv, fin-wait-1, "
                    + "fin-wait-2, time-wait, unconn, close-wait, last-ack, listen, closing, or a group: "
                    + "all, connected, synchronized, bucket, big.")
    List<String> states = new ArrayList<>();

    @Option(names = "--sport", paramLabel = "PORT", description = "Local port.")
    String localPort;

    @Option(names = "--dport", paramLabel = "PORT", description = "Peer port.")
    String peerPort;

    @Option(names = "--src", paramLabel = "ADDR[/LEN]", description = "Local address or prefix (numeric).")
    String localPrefix;

    @Option(names = "--dst", paramLabel = "ADDR[/LEN]", description = "Peer address or prefix (numeric).")
    String peerPrefix;

    /** What shell completion offers for --state. */
    static final class StateNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SocketStates.TYPED_NAMES.iterator();
        }
    }

    /** True when the user named any kind explicitly. */
    boolean namesKinds() {
        return tcp || udp || unix || raw || udplite || mptcp;
    }

    Set<Netid> kinds() {
        Set<Netid> kinds = EnumSet.noneOf(Netid.class);
        if (!namesKinds()) {
            kinds.addAll(EnumSet.allOf(Netid.class));
            if (ipv4 || ipv6) {
                kinds.removeIf(Netid::isUnix);
            }
            return kinds;
        }
        if (tcp) {
            kinds.add(Netid.TCP);
        }
        if (udp) {
            kinds.add(Netid.UDP);
        }
        if (raw) {
            kinds.add(Netid.RAW);
        }
        if (udplite) {
            kinds.add(Netid.UDPLITE);
        }
        if (mptcp) {
            kinds.add(Netid.MPTCP);
        }
        if (unix) {
            kinds.addAll(EnumSet.of(Netid.UNIX_STREAM, Netid.UNIX_DGRAM, Netid.UNIX_SEQPACKET));
        }
        return kinds;
    }

    /** The filter these options describe; bad values are a usage error naming the option. */
    SocketFilter toFilter() {
        SocketFilter f = SocketFilter.everything().withNetids(kinds());
        if (ipv4 || ipv6) {
            f = f.withFamilies(ipv4, ipv6);
        }
        if (!states.isEmpty()) {
            int mask = 0;
            for (String s : states) {
                mask |= parse("--state", () -> SocketStates.parse(s));
            }
            f = f.withStates(mask);
        }
        if (localPort != null) {
            f = f.withLocalPort(port("--sport", localPort));
        }
        if (peerPort != null) {
            f = f.withPeerPort(port("--dport", peerPort));
        }
        if (localPrefix != null) {
            f = f.withLocalPrefix(parse("--src", () -> AddressPrefix.parse(localPrefix)));
        }
        if (peerPrefix != null) {
            f = f.withPeerPrefix(parse("--dst", () -> AddressPrefix.parse(peerPrefix)));
        }
        return f;
    }

    private int port(String option, String text) {
        String digits = text.startsWith(":") ? text.substring(1) : text;
        if (!Digits.isDecimal(digits) || digits.length() > 5
                || Integer.parseInt(digits) > 65535) {
            throw new UsageError("invalid value for " + option + ": '" + text + "' is not a port number (0-65535)");
        }
        return Integer.parseInt(digits);
    }

    private interface Parser<T> {
        T parse();
    }

    private <T> T parse(String option, Parser<T> parser) {
        try {
            return parser.parse();
        } catch (IllegalArgumentException e) {
            throw new UsageError("invalid value for " + option + ": " + e.getMessage());
        }
    }
}
