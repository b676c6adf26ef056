package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jnr.constants.platform.Errno;
import sockkill.diag.SockDiag;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;

/**
 * Destroys many sockets of one namespace at once: the SOCK_DESTROY requests are pipelined and each
 * ack says what became of its socket. An ENOENT is checked against a fresh dump before it is
 * called "gone": a socket still there with its inode and cookie is one the kernel's destroy cannot
 * reach (a SO_REUSEPORT group member, TCP bound but not listening), and fails as such. Members of
 * SO_REUSEPORT groups go as {@link ReuseportGroups} decides. Raw sockets, whose destroy compares no
 * cookie, go one at a time past {@link RawDestroyGuard}.
 */
public final class BulkKill {
    /** What became of one socket. */
    public enum Result {
        KILLED("killed"),
        /** Closed before its destroy arrived, or its tuple was reused: nothing was done to it. */
        GONE("gone"),
        FAILED("failed");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One socket's outcome; {@code kind} and {@code message} say why it failed. */
    public record Outcome(ListedSocket socket, Result result, Problem.Kind kind, String message) {
    }

    private BulkKill() {
    }

    public static List<Outcome> destroy(NamespaceSession session, List<ListedSocket> sockets) throws IOException {
        Outcome[] outcomes = new Outcome[sockets.size()];
        SocketDestroyer one = new SocketDestroyer(session, new SocketLocator(session));
        SocketLocator locator = new SocketLocator(session);
        ReuseportGroups groups = ReuseportGroups.of(session, sockets);
        Set<Long> toKill = inodes(sockets);
        List<Integer> batch = new ArrayList<>(sockets.size());
        Set<Integer> wholeGroups = new HashSet<>();
        for (int i = 0; i < sockets.size(); i++) {
            ListedSocket l = sockets.get(i);
            SocketEntry s = l.socket();
            if (s.sockId().isEmpty()) {
                // found through /proc (raw sockets on a kernel without raw diag): no cookie, no destroy
                outcomes[i] = new Outcome(l, Result.FAILED, Problem.Kind.UNSUPPORTED, "the kernel cannot destroy "
                        + s.netid().label() + " sockets here (no sock_diag module for them)");
                continue;
            }
            if (s.netid() == Netid.RAW) {
                outcomes[i] = alone(one, l);
                continue;
            }
            ReuseportGroups.Way way = groups.way(s, toKill);
            if (way == ReuseportGroups.Way.PICK_ONLY && !locator.reachable(s)) {
                outcomes[i] = unreachable(l, groups.group(s));
                continue;
            }
            if (way == ReuseportGroups.Way.WHOLE_GROUP) {
                wholeGroups.add(i);
            }
            batch.add(i);
        }
        List<Integer> enoent = destroyAll(session, sockets, batch, outcomes);
        // A whole TCP group: each round reaches the member the kernel picks now; go on while one dies.
        while (true) {
            List<Integer> again = enoent.stream().filter(wholeGroups::contains).toList();
            boolean progress = batch.stream().anyMatch(i -> wholeGroups.contains(i) && outcomes[i] != null
                    && outcomes[i].result() == Result.KILLED);
            if (again.isEmpty() || !progress) {
                break;
            }
            enoent.removeAll(again);
            batch = again;
            enoent.addAll(destroyAll(session, sockets, batch, outcomes));
        }
        reachOrGone(session, sockets, enoent, outcomes);
        return List.of(outcomes);
    }

    /** One pipelined pass over {@code batch} (positions in {@code sockets}); returns those answered ENOENT. */
    private static List<Integer> destroyAll(NamespaceSession session, List<ListedSocket> sockets, List<Integer> batch,
            Outcome[] outcomes) throws IOException {
        List<SockDiag.DestroyTarget> targets = new ArrayList<>(batch.size());
        for (int i : batch) {
            SocketEntry s = sockets.get(i).socket();
            targets.add(new SockDiag.DestroyTarget(s.family(), s.netid().protocol(), s.sockId().get()));
        }
        List<Integer> enoent = new ArrayList<>();
        session.diag().destroyAll(targets, (index, errno, kernelMessage) -> {
            int i = batch.get(index);
            if (errno == Errno.ENOENT.intValue()) {
                enoent.add(i);
            } else {
                outcomes[i] = outcome(sockets.get(i), errno, session);
            }
        });
        return enoent;
    }

    private static Set<Long> inodes(List<ListedSocket> sockets) {
        Set<Long> out = new HashSet<>();
        sockets.forEach(l -> out.add(l.socket().inode()));
        return out;
    }

    /**
     * What {@link #destroy} would do, without destroying anything (match --dry-run): the same
     * failures, found the way {@link SocketDestroyer#check} finds them. Sockets in connected states
     * are reached by their four-tuple and need no lookup; listeners, unconnected and bound-only
     * sockets each get one, except the members of a TCP group killed whole, which all die.
     */
    public static List<Outcome> check(NamespaceSession session, List<ListedSocket> sockets) throws IOException {
        List<Outcome> out = new ArrayList<>(sockets.size());
        SocketLocator locator = new SocketLocator(session);
        ReuseportGroups groups = ReuseportGroups.of(session, sockets);
        Set<Long> toKill = inodes(sockets);
        Map<Long, Boolean> destroyable = new HashMap<>();
        Boolean rights = null;
        for (ListedSocket l : sockets) {
            SocketEntry s = l.socket();
            if (s.sockId().isEmpty()) {
                out.add(new Outcome(l, Result.FAILED, Problem.Kind.UNSUPPORTED, "the kernel cannot destroy "
                        + s.netid().label() + " sockets here (no sock_diag module for them)"));
                continue;
            }
            if (s.netid() != Netid.RAW) {
                long kind = (long) s.family() << 32 | s.netid().protocol();
                Boolean can = destroyable.get(kind);
                if (can == null) {
                    can = session.diag().canDestroy(s.family(), s.netid().protocol());
                    destroyable.put(kind, can);
                }
                if (!can) {
                    out.add(outcome(l, Errno.EOPNOTSUPP.intValue(), session));
                    continue;
                }
            }
            ReuseportGroups.Way way = groups.way(s, toKill);
            if (way == ReuseportGroups.Way.PICK_ONLY && !locator.reachable(s)) {
                out.add(unreachable(l, groups.group(s)));
                continue;
            }
            if (way == ReuseportGroups.Way.ALONE && needsLookup(s) && !locator.reachable(s)) {
                out.add(afterEnoent(session, l, locator.onLocalPortOf(s)));
                continue;
            }
            if (rights == null) {
                rights = session.mayAdminister();
            }
            if (!rights) {
                out.add(outcome(l, Errno.EPERM.intValue(), session));
                continue;
            }
            out.add(new Outcome(l, Result.KILLED, null, ""));
        }
        return out;
    }

    /** Whether the kernel's lookup might not reach the socket: anything not in a connected state. */
    private static boolean needsLookup(SocketEntry s) {
        int state = s.state();
        return s.netid() == Netid.RAW || state == Kernel.TCP_LISTEN || state == Kernel.TCP_CLOSE
                || state == Kernel.TCP_BOUND_INACTIVE || s.netid() == Netid.MPTCP;
    }

    /** A raw socket: guarded, then destroyed on its own. */
    private static Outcome alone(SocketDestroyer destroyer, ListedSocket l) throws IOException {
        try {
            destroyer.destroy(l);
            return new Outcome(l, Result.KILLED, null, "");
        } catch (Problem p) {
            return new Outcome(l, p.kind() == Problem.Kind.NOT_FOUND ? Result.GONE : Result.FAILED, p.kind(),
                    p.getMessage());
        }
    }

    /** The sockets whose destroy said ENOENT: gone, or alive where the kernel's destroy cannot reach. */
    private static void reachOrGone(NamespaceSession session, List<ListedSocket> sockets, List<Integer> enoent,
            Outcome[] outcomes) throws IOException {
        SocketLocator locator = new SocketLocator(session);
        Map<String, List<SocketEntry>> dumps = new HashMap<>();
        for (int i : enoent) {
            SocketEntry s = sockets.get(i).socket();
            String key = s.netid() + "/" + s.family() + "/" + s.localPort();
            List<SocketEntry> samePort = dumps.get(key);
            if (samePort == null) {
                samePort = locator.onLocalPortOf(s);
                dumps.put(key, samePort);
            }
            outcomes[i] = afterEnoent(session, sockets.get(i), samePort);
        }
    }

    private static Outcome afterEnoent(NamespaceSession session, ListedSocket l, List<SocketEntry> samePort) {
        SocketEntry s = l.socket();
        Optional<SocketEntry> still = samePort.stream()
                .filter(e -> e.inode() == s.inode() && e.cookie() == s.cookie()).findFirst();
        if (still.isEmpty()) {
            return new Outcome(l, Result.GONE, Problem.Kind.NOT_FOUND, "socket already gone");
        }
        return unreachable(new ListedSocket(still.get(), l.owners()), samePort);
    }

    /** A socket alive where the kernel's destroy cannot reach it; {@code samePort} says why. */
    private static Outcome unreachable(ListedSocket l, List<SocketEntry> samePort) {
        return new Outcome(l, Result.FAILED, Problem.Kind.UNSUPPORTED, SocketDestroyer.whyUnreachable(l.socket(),
                samePort) + ", so the kernel cannot destroy it (sockkill pid P fd F --fallback=shutdown shuts one "
                + "down through its holder's fd)");
    }

    private static Outcome outcome(ListedSocket l, int errno, NamespaceSession session) {
        if (errno == 0) {
            return new Outcome(l, Result.KILLED, null, "");
        }
        if (errno == Errno.EPERM.intValue() || errno == Errno.EACCES.intValue()) {
            return new Outcome(l, Result.FAILED, Problem.Kind.PERMISSION, "permission denied: "
                    + Privileges.ofSelf().needsNetAdmin(session.namespace()));
        }
        if (errno == Errno.EOPNOTSUPP.intValue()) {
            String why = l.socket().netid() == Netid.MPTCP
                    ? "the kernel cannot destroy MPTCP sockets (mptcp_diag has no SOCK_DESTROY), and destroying "
                            + "one of its TCP subflows would not wake the process"
                    : "the kernel cannot destroy " + l.socket().netid().label() + " sockets (CONFIG_INET_DIAG_DESTROY?)";
            return new Outcome(l, Result.FAILED, Problem.Kind.UNSUPPORTED, why
                    + "; sockkill pid P fd F --fallback=shutdown shuts one down through its holder's fd");
        }
        return new Outcome(l, Result.FAILED, Problem.Kind.INTERNAL, "destroy failed: " + NativeException.describe(errno));
    }
}
