package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jnr.constants.platform.Errno;
import sockkill.diag.SockDiag;
import sockkill.sys.NativeException;

/**
 * Destroys many sockets of one namespace at once: the SOCK_DESTROY requests are pipelined and each
 * ack says what became of its socket.
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
        List<SockDiag.DestroyTarget> targets = new ArrayList<>(sockets.size());
        List<Integer> positions = new ArrayList<>(sockets.size());
        for (int i = 0; i < sockets.size(); i++) {
            ListedSocket l = sockets.get(i);
            SocketEntry s = l.socket();
            if (s.sockId().isEmpty()) {
                // found through /proc (raw sockets on a kernel without raw diag): no cookie, no destroy
                outcomes[i] = new Outcome(l, Result.FAILED, Problem.Kind.UNSUPPORTED, "the kernel cannot destroy "
                        + s.netid().label() + " sockets here (no sock_diag module for them)");
                continue;
            }
            targets.add(new SockDiag.DestroyTarget(s.family(), s.netid().protocol(), s.sockId().get()));
            positions.add(i);
        }
        session.diag().destroyAll(targets, (index, errno, kernelMessage) -> {
            int i = positions.get(index);
            outcomes[i] = outcome(sockets.get(i), errno, session);
        });
        return List.of(outcomes);
    }

    private static Outcome outcome(ListedSocket l, int errno, NamespaceSession session) {
        if (errno == 0) {
            return new Outcome(l, Result.KILLED, null, "");
        }
        if (errno == Errno.ENOENT.intValue()) {
            return new Outcome(l, Result.GONE, Problem.Kind.NOT_FOUND, "socket already gone");
        }
        if (errno == Errno.EPERM.intValue() || errno == Errno.EACCES.intValue()) {
            return new Outcome(l, Result.FAILED, Problem.Kind.PERMISSION, "permission denied: needs CAP_NET_ADMIN in "
                    + "the target's network namespace (" + session.namespace() + "), which sockkill does not have");
        }
        if (errno == Errno.EOPNOTSUPP.intValue()) {
            return new Outcome(l, Result.FAILED, Problem.Kind.UNSUPPORTED, "the kernel cannot destroy "
                    + l.socket().netid().label() + " sockets (CONFIG_INET_DIAG_DESTROY?)");
        }
        return new Outcome(l, Result.FAILED, Problem.Kind.INTERNAL, "destroy failed: " + NativeException.describe(errno));
    }
}
