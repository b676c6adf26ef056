package sockkill.core;

import java.io.IOException;
import java.util.List;

import sockkill.proc.ProcFs;

/**
 * {@code pid P} without an fd: diagnose what P is blocked on, then kill that socket exactly as
 * {@code pid P fd F} would (cookie, confirmation, dry run, fallback), refusing if the fd no longer
 * holds the socket the diagnosis saw. Never a guess: with no network socket, or several, nothing is
 * killed unless every one of them is asked for.
 */
public final class BlockedSocketKiller {
    private final BlockedSocketFinder finder;
    private final SocketKiller killer;

    public BlockedSocketKiller(ProcFs proc, KillOptions options) {
        this.finder = new BlockedSocketFinder(proc);
        this.killer = new SocketKiller(proc, options);
    }

    public Diagnosis diagnose(int id) throws IOException, Problem {
        return finder.diagnose(id);
    }

    /**
     * The sockets to kill: the one the process is blocked on, or with {@code all} every one.
     *
     * @throws DiagnosisProblem NOT_FOUND when it waits on no network socket, AMBIGUOUS when on several
     *         and {@code all} is false
     */
    public static List<WaitedFd> targets(Diagnosis d, boolean all) throws DiagnosisProblem {
        List<WaitedFd> candidates = d.candidates();
        return switch (d.outcome()) {
            case ONE -> candidates;
            case NONE -> throw new DiagnosisProblem(Problem.Kind.NOT_FOUND, d.verdict(), d);
            case SEVERAL -> {
                if (all) {
                    yield candidates;
                }
                throw new DiagnosisProblem(Problem.Kind.AMBIGUOUS, "none was killed: " + d.verdict(), d);
            }
        };
    }

    /** Kills the socket behind {@code f}, if the fd still holds the socket the diagnosis saw. */
    public KillReport kill(Diagnosis d, WaitedFd f) throws IOException, Problem {
        return killer.killFd(d.pid(), f.fd(), f.socketInode());
    }
}
