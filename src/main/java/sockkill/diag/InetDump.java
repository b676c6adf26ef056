package sockkill.diag;

import sockkill.sys.Kernel;

/**
 * What an inet dump asks the kernel for: one family and protocol, a mask of TCP states (bit N for
 * state N), idiag_ext attribute bits, and a kernel-side filter. Family AF_UNSPEC, for TCP only,
 * asks for both families in one walk of the kernel's tables ({@link InetDiagRequest#tcpDump}).
 */
public record InetDump(int family, int protocol, int states, int ext, InetDiagFilter filter) {
    /** Every state the kernel knows, TIME-WAIT, SYN-RECV and bound-but-inactive included. */
    public static final int ALL_STATES = 0xffff_fffe;

    public InetDump {
        if (filter == null) {
            filter = InetDiagFilter.none();
        }
        if (family == Kernel.AF_UNSPEC && protocol != Kernel.IPPROTO_TCP) {
            throw new IllegalArgumentException("only TCP is dumped for both families at once");
        }
    }

    /** "ipv4 tcp dump": how a failure names it. */
    @Override
    public String toString() {
        String families = family == Kernel.AF_UNSPEC ? "" : family == Kernel.AF_INET6 ? "ipv6 " : "ipv4 ";
        return families + Protocols.name(protocol) + " dump";
    }

    /** The request's netlink message type and payload. */
    int type() {
        return family == Kernel.AF_UNSPEC ? Kernel.TCPDIAG_GETSOCK : Kernel.SOCK_DIAG_BY_FAMILY;
    }

    java.nio.ByteBuffer request() {
        return family == Kernel.AF_UNSPEC ? InetDiagRequest.tcpDump(states, ext, filter)
                : InetDiagRequest.dump(family, protocol, states, ext, filter);
    }
}
