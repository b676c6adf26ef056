package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

import sockkill.core.DeadPeerKiller;
import sockkill.core.DeadPeerKiller.ProbedKill;
import sockkill.core.KillOutcome;
import sockkill.core.ListedSocket;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;

/**
 * What {@code pid} and {@code inode} print after probing: a line per connection on stdout
 * ("killed ...: probed: peer silent for 2.0 s, connection timed out", "alive ...: probed: peer
 * answered after 0.9 s"), each failure on stderr, or with --json one object per connection with a
 * {@code probe} member.
 */
final class ProbedOutput {
    private ProbedOutput() {
    }

    /** The JSON target of one probed connection. */
    @FunctionalInterface
    interface Targets {
        KillOutput.Target of(ProbedKill k);
    }

    /** Prints every outcome; returns the exit status ({@link DeadPeerKiller#failure}). */
    static int print(PrintWriter out, PrintWriter err, boolean json, List<ProbedKill> kills, Targets targets,
            KillOutput.Extra extra) {
        boolean several = kills.size() > 1;
        for (ProbedKill k : kills) {
            KillOutput.Extra withProbe = w -> {
                ProbeJson.member(w, k.probe());
                if (extra != null) {
                    extra.write(w);
                }
            };
            if (k.report() != null && !json && k.report().outcome() == KillOutcome.FOUND) {
                out.println(TerminalText.escape(line(k.report().detail().contains("shut it down") ? "would shut down"
                        : "would kill", k)));
                out.flush();
                continue;
            }
            if (k.report() != null) {
                KillOutput.report(out, k.report(), json, targets.of(k), withProbe);
                continue;
            }
            Problem p = k.problem();
            if (json) {
                KillOutput.failure(out, p, targets.of(k), withProbe);
            } else if (p.kind() == Problem.Kind.ALIVE) {
                out.println(TerminalText.escape(line("alive", k)));
                out.flush();
            }
            if (p.kind() != Problem.Kind.ALIVE) {
                error(err, (several && k.probe().target().fd() >= 0 ? "fd " + k.probe().target().fd() + ": " : "")
                        + p.getMessage());
            }
        }
        Optional<Problem.Kind> failure = DeadPeerKiller.failure(kills);
        if (failure.isPresent() && failure.get() == Problem.Kind.ALIVE) {
            error(err, several ? "nothing was killed: the peer of each connection answered a keepalive probe, so none "
                    + "is dead" : kills.get(0).problem().getMessage());
        }
        return failure.map(ExitCodes::of).orElse(ExitCodes.OK);
    }

    /** "alive tcp A <-> B ESTAB inode N (victim pid 42 fd 4): probed: peer answered after 0.9 s". */
    static String line(String verb, ProbedKill k) {
        ListedSocket l = k.probe().target().listed();
        StringBuilder line = new StringBuilder(verb).append(' ').append(SocketDestroyer.describe(l.socket()));
        KillOutput.holders(line, l);
        line.append(": ").append(k.probe().words());
        if (verb.equals("alive") && Boolean.TRUE.equals(k.probe().restored())) {
            line.append("; left as it was");
        }
        return line.toString();
    }

    private static void error(PrintWriter err, String message) {
        err.println(TerminalText.escape("sockkill: " + message));
        err.flush();
    }
}
