package sockkill.diag;

import sockkill.sys.Kernel;

/** Names of the IP protocols sock_diag knows, as ss spells them. */
public final class Protocols {
    private Protocols() {
    }

    public static String name(int protocol) {
        return switch (protocol) {
            case Kernel.IPPROTO_TCP -> "tcp";
            case Kernel.IPPROTO_UDP -> "udp";
            case Kernel.IPPROTO_UDPLITE -> "udplite";
            case Kernel.IPPROTO_RAW -> "raw";
            case Kernel.IPPROTO_MPTCP -> "mptcp";
            default -> "protocol " + protocol;
        };
    }
}
