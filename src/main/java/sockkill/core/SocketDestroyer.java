package sockkill.core;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.diag.SockId;
import sockkill.netlink.NetlinkErrorException;
import sockkill.sys.Kernel;

/**
 * SOCK_DESTROY of one inet socket with the exact sockid it was found with, then a check that it
 * is gone; the kernel's refusals become {@link Problem}s that say what to do. {@link #check} asks
 * the same questions without destroying anything, for a dry run.
 *
 * <p>An ENOENT is not taken for "gone" on the kernel's word: the kernel answers so as well when its
 * lookup reaches another socket than the one named (a SO_REUSEPORT group, whose lookup picks a
 * member by hash) or no table it searches holds the socket (TCP bound but not listening). So the
 * port is dumped again: a socket still there with its inode and cookie is reported as one the
 * kernel cannot destroy here (exit 4), never as gone.
 */
public final class SocketDestroyer {
    private static final String SHUTDOWN_HINT = "--fallback=shutdown shuts it down through its holder's fd instead";

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
        if (s.netid() == Netid.RAW) {
            throw new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + describe(s)
                    + ": this kernel has no raw socket diagnostics (CONFIG_INET_RAW_DIAG); " + SHUTDOWN_HINT, listed);
        }
        Optional<SocketEntry> again = locator.byTuple(s.netid(), s.family(), s.tuple(), s.inode());
        if (again.isPresent() && again.get().sockId().isPresent()) {
            return again.get().sockId().get();
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
        if (s.netid() == Netid.RAW) {
            guardRaw(listed, id);
        }
        try {
            session.diag().destroyInet(s.family(), s.netid().protocol(), id);
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENOENT)) {
                throw unreachable(listed);
            }
            throw refusal(e, listed);
        }
        return confirm(listed, id);
    }

    /**
     * What {@link #destroy} would meet, asked without destroying anything (a dry run): throws the
     * Problem the destroy would throw, in the kernel's order. Whether the kernel can destroy this
     * kind at all (a destroy that no socket can match); whether its lookup reaches this very socket
     * (an exact lookup, cookie included, goes through the same lookup a destroy makes); whether
     * sockkill has CAP_NET_ADMIN over the namespace (checked by the kernel the same way as a destroy
     * would, through SIOCGSKNS).
     */
    public void check(ListedSocket listed) throws IOException, Problem {
        SocketEntry s = listed.socket();
        SockId id = killableId(listed);
        if (s.netid() == Netid.RAW) {
            guardRaw(listed, id);
        } else if (!session.diag().canDestroy(s.family(), s.netid().protocol())) {
            throw unsupported(listed);
        }
        if (!locator.reachable(withId(s, id))) {
            throw unreachable(listed);
        }
        if (!session.mayAdminister()) {
            throw permission(listed);
        }
    }

    private static SocketEntry withId(SocketEntry s, SockId id) {
        return s.sockId().isPresent() ? s : SocketEntry.inet(s.netid(), s.family(), s.state(), id, s.receiveQueue(),
                s.sendQueue(), s.inode(), s.uid(), SocketEntry.Source.SOCK_DIAG);
    }

    private String confirm(ListedSocket listed, SockId id) throws IOException, Problem {
        SocketEntry s = listed.socket();
        if (s.netid() == Netid.MPTCP) {
            // mptcp_diag cannot look a socket up by tuple: search its dump
            Optional<SocketEntry> after = locator.byInode(Netid.MPTCP, s.inode()).filter(m -> m.cookie() == id.cookie());
            if (after.isEmpty() || after.get().state() == Kernel.TCP_CLOSE) {
                return "";
            }
            throw stillThere(listed, after.get().state());
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
        throw stillThere(listed, after.get().state());
    }

    private static Problem stillThere(ListedSocket listed, int state) {
        return new SocketProblem(Problem.Kind.INTERNAL, "the kernel accepted the destroy of " + describe(listed.socket())
                + " but the socket is still there in state " + SocketStates.name(state), listed);
    }

    /** Refuses a raw destroy that could reach another raw socket (see {@link RawDestroyGuard}). */
    private void guardRaw(ListedSocket listed, SockId id) throws IOException, Problem {
        SocketEntry s = listed.socket();
        Optional<SocketEntry> pick = session.diag().lookupInet(s.family(), Kernel.IPPROTO_RAW, id, 0)
                .map(m -> DiagDiscovery.toEntry(Netid.RAW, m));
        Optional<String> why = RawDestroyGuard.refusal(s, pick, locator.onLocalPortOf(s));
        if (why.isPresent()) {
            throw new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + describe(s) + " safely: " + why.get()
                    + "; " + SHUTDOWN_HINT, listed);
        }
    }

    /**
     * After an ENOENT (or an exact lookup that found nothing): gone if the port's dump no longer
     * holds this inode with this cookie; otherwise alive, and beyond the kernel's destroy.
     */
    Problem unreachable(ListedSocket listed) throws IOException {
        SocketEntry s = listed.socket();
        List<SocketEntry> samePort = locator.onLocalPortOf(s);
        Optional<SocketEntry> still = samePort.stream()
                .filter(e -> e.inode() == s.inode() && e.cookie() == s.cookie()).findFirst();
        if (still.isEmpty()) {
            return new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: " + describe(s)
                    + " closed before it could be killed", listed);
        }
        return new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + describe(s) + ": "
                + whyUnreachable(still.get(), samePort) + ", so the kernel cannot destroy it; " + SHUTDOWN_HINT, listed);
    }

    /**
     * Why the kernel's destroy lookup does not reach {@code s}, which {@code samePort} (a dump of its
     * local port) shows alive.
     */
    static String whyUnreachable(SocketEntry s, List<SocketEntry> samePort) {
        if (s.netid() == Netid.TCP && (s.state() == Kernel.TCP_CLOSE || s.state() == Kernel.TCP_BOUND_INACTIVE)) {
            return "it is bound to port " + s.localPort() + " but neither listening nor connected, and the kernel's "
                    + "destroy looks only among listening and connected sockets";
        }
        byte[] address = s.localAddressBytes();
        long siblings = samePort.stream()
                .filter(e -> e.inode() != s.inode() && e.family() == s.family() && e.localPort() == s.localPort()
                        && e.state() != Kernel.TCP_TIME_WAIT && java.util.Arrays.equals(e.localAddressBytes(), address))
                .count();
        if (siblings > 0) {
            return "it shares " + endpoint(s, s.localAddress(), s.localPort()) + " with " + siblings
                    + (siblings == 1 ? " other socket" : " other sockets") + " (SO_REUSEPORT), and the kernel's "
                    + "destroy looks the port up and reaches " + (siblings == 1 ? "that one" : "one of those");
        }
        return "the kernel's destroy lookup of its addresses reaches another socket or none";
    }

    private Problem refusal(NetlinkErrorException e, ListedSocket listed) {
        SocketEntry s = listed.socket();
        if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
            return permission(listed);
        }
        if (e.is(Errno.EOPNOTSUPP)) {
            return unsupported(listed);
        }
        return new SocketProblem(Problem.Kind.INTERNAL, "destroy of " + describe(s) + " failed: " + e.getMessage(),
                listed);
    }

    private Problem permission(ListedSocket listed) {
        return new SocketProblem(Problem.Kind.PERMISSION, "permission denied: killing " + describe(listed.socket())
                + " " + Privileges.ofSelf().needsNetAdmin(session.namespace()), listed);
    }

    private static Problem unsupported(ListedSocket listed) {
        SocketEntry s = listed.socket();
        String why = switch (s.netid()) {
            case TCP, UDP, UDPLITE -> "the kernel lacks CONFIG_INET_DIAG_DESTROY";
            case MPTCP -> "the kernel cannot destroy MPTCP sockets (mptcp_diag has no SOCK_DESTROY), and "
                    + "destroying one of its TCP subflows would not wake the process";
            default -> "the kernel cannot destroy " + s.netid().label() + " sockets";
        };
        return new SocketProblem(Problem.Kind.UNSUPPORTED, "cannot kill " + describe(s) + ": " + why + "; "
                + SHUTDOWN_HINT, listed);
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
