package sockkill.core;

import java.io.IOException;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.diag.SockId;
import sockkill.netlink.NetlinkErrorException;
import sockkill.sys.Kernel;

/**
 * SOCK_DESTROY of one inet socket with the exact sockid it was found with, then a check that it
 * is gone; the kernel's refusals become {@link Problem}s that say what to do.
 */
public final class SocketDestroyer {
    private final NamespaceSession session;
    private final SocketLocator locator;

    public SocketDestroyer(NamespaceSession session, SocketLocator locator) {
        this.session = session;
        this.locator = locator;
    }

    /**
     * The sockid a kill must send: the one sock_diag returned. A socket found through /proc has no
     * cookie, so it is looked up again by its tuple first.
     */
    public SockId killableId(ListedSocket listed) throws IOException, Problem {
        SocketEntry s = listed.socket();
        Optional<SockId> id = s.sockId();
        if (id.isPresent()) {
            return id.get();
        }
        Optional<SocketEntry> again = locator.byTuple(s.netid(), s.family(), s.tuple(), s.inode());
        if (again.isPresent() && again.get().sockId().isPresent()) {
            return again.get().sockId().get();
        }
        if (s.netid() == Netid.RAW) {
            throw new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + describe(s)
                    + ": this kernel has no raw socket diagnostics (CONFIG_INET_RAW_DIAG)", listed);
        }
        throw new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: " + describe(s), listed);
    }

    /**
     * Destroys the socket and confirms it. Returns a note for the report, empty when the socket
     * simply disappeared.
     */
    public String destroy(ListedSocket listed) throws IOException, Problem {
        SocketEntry s = listed.socket();
        SockId id = killableId(listed);
        try {
            session.diag().destroyInet(s.family(), s.netid().protocol(), id);
        } catch (NetlinkErrorException e) {
            throw refusal(e, listed);
        }
        // Confirm with a lookup of the same sockid, cookie and all: the kernel answers without walking
        // its tables, and ENOENT means this very socket is gone.
        Optional<InetDiagMsg> after = session.diag().lookupInet(s.family(), s.netid().protocol(), id, 0);
        if (after.isEmpty()) {
            return "";
        }
        if (after.get().state() == Kernel.TCP_CLOSE) {
            return "it stays bound to its port until its process closes it";
        }
        throw new SocketProblem(Problem.Kind.INTERNAL, "the kernel accepted the destroy of " + describe(s)
                + " but the socket is still there in state " + SocketStates.name(after.get().state()), listed);
    }

    private Problem refusal(NetlinkErrorException e, ListedSocket listed) {
        SocketEntry s = listed.socket();
        if (e.is(Errno.ENOENT)) {
            return new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: " + describe(s)
                    + " closed before it could be killed", listed);
        }
        if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
            return new SocketProblem(Problem.Kind.PERMISSION, "permission denied: killing " + describe(s)
                    + " needs CAP_NET_ADMIN in the target's network namespace (" + session.namespace()
                    + "), which sockkill does not have", listed);
        }
        if (e.is(Errno.EOPNOTSUPP)) {
            String why = s.netid() == Netid.TCP || s.netid() == Netid.UDP || s.netid() == Netid.UDPLITE
                    ? "the kernel lacks CONFIG_INET_DIAG_DESTROY"
                    : "the kernel cannot destroy " + s.netid().label() + " sockets";
            return new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + describe(s) + ": " + why
                    + " (--fallback=shutdown shuts it down instead)", listed);
        }
        return new SocketProblem(Problem.Kind.INTERNAL, "destroy of " + describe(s) + " failed: " + e.getMessage(),
                listed);
    }

    /** "tcp 10.0.0.1:143 <-> 10.0.0.2:40000 ESTAB inode 123", for messages. */
    public static String describe(SocketEntry s) {
        String local = endpoint(s, s.localAddress(), s.localPort());
        if (s.netid().isUnix()) {
            return s.netid().label() + " " + (s.localAddress().equals("*") ? "(unnamed)" : s.localAddress()) + " "
                    + s.stateName() + " inode " + s.inode();
        }
        return s.netid().label() + " " + local + " <-> " + endpoint(s, s.peerAddress(), s.peerPort()) + " "
                + s.stateName() + " inode " + s.inode();
    }

    private static String endpoint(SocketEntry s, String address, long port) {
        String a = s.isIpv6() ? "[" + address + "]" : address;
        return a + ":" + (port == 0 ? "*" : Long.toString(port));
    }
}
