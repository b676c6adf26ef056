package sockkill.core;

import java.io.IOException;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDump;
import sockkill.diag.SockDiag;
import sockkill.diag.SockId;
import sockkill.netlink.NetlinkErrorException;
import sockkill.sys.Kernel;
import sockkill.sys.NetworkNamespace;

/**
 * Whether this kernel can destroy sockets at all (CONFIG_INET_DIAG_DESTROY), learnt without
 * touching any socket: a SOCK_DESTROY of a TCP socket that cannot exist. Its tuple has port 0 at
 * both ends, which no connection and no listener ever has, and its cookie is one the kernel's
 * counter (from 1, one per socket, 64 bits) never reaches; the kernel looks the tuple up and
 * compares the cookie before anything is destroyed. The answer says which case it is: ENOENT
 * (nothing there) when the kernel has the destroy handler, EOPNOTSUPP when it has none, EPERM where
 * a kernel checks the capability first.
 */
public final class DestroySupport {
    /** What the probe found. */
    public enum Answer {
        SUPPORTED, NOT_SUPPORTED, UNKNOWN_WITHOUT_CAP_NET_ADMIN, UNKNOWN
    }

    /** The answer and, for UNKNOWN, why. */
    public record Result(Answer answer, String detail) {
    }

    /** A cookie no socket has: the counter starts at 1 and would need 2^64 sockets to get here. */
    static final long NO_SUCH_COOKIE = 0xffff_ffff_ffff_fffeL;

    private DestroySupport() {
    }

    /** Probes the kernel from sockkill's own network namespace. */
    public static Result probe() {
        try (SockDiag diag = SockDiag.open(NetworkNamespace.current())) {
            return probe(diag);
        } catch (IOException e) {
            return new Result(Answer.UNKNOWN, "NETLINK_SOCK_DIAG: " + e.getMessage());
        }
    }

    static Result probe(SockDiag diag) throws IOException {
        try {
            // tcp_diag must be there: without it the destroy below would say ENOENT too
            diag.scanInetViews(new InetDump(Kernel.AF_INET, Kernel.IPPROTO_TCP, 0, 0, null), v -> true);
        } catch (NetlinkErrorException e) {
            return new Result(Answer.UNKNOWN, "the kernel has no sock_diag for TCP (" + e.getMessage() + ")");
        }
        byte[] any = new byte[4];
        SockId nothing = new SockId(0, 0, any, any, 0, NO_SUCH_COOKIE);
        try {
            diag.destroyInet(Kernel.AF_INET, Kernel.IPPROTO_TCP, nothing);
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENOENT)) {
                return new Result(Answer.SUPPORTED, "");
            }
            if (e.is(Errno.EOPNOTSUPP)) {
                return new Result(Answer.NOT_SUPPORTED, "");
            }
            if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                return new Result(Answer.UNKNOWN_WITHOUT_CAP_NET_ADMIN, "");
            }
            return new Result(Answer.UNKNOWN, e.getMessage());
        }
        // a destroy that succeeded destroyed nothing (there is nothing with that tuple), yet says the kernel can
        return new Result(Answer.SUPPORTED, "");
    }
}
