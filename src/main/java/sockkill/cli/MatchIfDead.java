package sockkill.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

import sockkill.core.DeadPeerKiller;
import sockkill.core.DeadPeerKiller.ProbedKill;
import sockkill.core.KillOutcome;
import sockkill.core.ListedSocket;
import sockkill.core.NamespaceSession;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;
import sockkill.proc.ProcFs;

/**
 * {@code match --if-dead}: every matched connection is probed at once, and only those whose peer
 * does not answer are killed. A line per socket ({@code killed}, {@code alive}, {@code already
 * gone}, {@code failed}; {@code would kill} in a dry run), then {@code killed K, alive A, already
 * gone G, failed F}; or one JSON object with an {@code alive} count and a {@code probe} member per
 * socket.
 */
final class MatchIfDead {
    private final boolean dryRun;
    private final boolean quiet;
    private final boolean json;

    MatchIfDead(boolean dryRun, boolean quiet, boolean json) {
        this.dryRun = dryRun;
        this.quiet = quiet;
        this.json = json;
    }

    /** Probes and kills; returns the exit status, or throws the first failure for its one-line message. */
    int run(PrintWriter out, PrintWriter err, NamespaceSession session, List<ListedSocket> matched,
            DeadPeerKiller killer) throws IOException, Problem {
        List<ProbedKill> kills = killer.killMatched(session, matched);
        report(out, kills);
        Problem failure = null;
        int alive = 0;
        boolean killedOrGone = false;
        for (ProbedKill k : kills) {
            Problem p = k.problem();
            if (p == null || p.kind() == Problem.Kind.NOT_FOUND) {
                killedOrGone = true;
            } else if (p.kind() == Problem.Kind.ALIVE) {
                alive++;
            } else if (failure == null) {
                failure = p;
            }
        }
        if (failure != null) {
            throw new Problem(failure.kind(), failure.getMessage());
        }
        if (!killedOrGone && alive > 0) {
            err.println("sockkill: nothing was killed: the peer of each of the " + alive
                    + (alive == 1 ? " connection" : " connections") + " matched answered a keepalive probe");
            err.flush();
            return ExitCodes.ALIVE;
        }
        return ExitCodes.OK;
    }

    private static String outcome(ProbedKill k, boolean dryRun) {
        if (k.report() != null) {
            return dryRun || k.report().outcome() == KillOutcome.FOUND ? "found" : k.report().outcome().label();
        }
        return switch (k.problem().kind()) {
            case ALIVE -> "alive";
            case NOT_FOUND -> "gone";
            default -> "failed";
        };
    }

    private void report(PrintWriter out, List<ProbedKill> kills) {
        int killed = 0;
        int alive = 0;
        int gone = 0;
        int failed = 0;
        for (ProbedKill k : kills) {
            switch (outcome(k, dryRun)) {
                case "killed", "shut-down", "found" -> killed++;
                case "alive" -> alive++;
                case "gone" -> gone++;
                default -> failed++;
            }
        }
        if (json) {
            JsonWriter w = new JsonWriter(new Utf8Text(256 + 500 * kills.size()));
            w.beginObject()
                    .field("dry_run", dryRun)
                    .field("matched", kills.size())
                    .field("killed", dryRun ? 0 : killed)
                    .field("alive", alive)
                    .field("gone", gone)
                    .field("failed", failed)
                    .name("sockets").beginArrayOfLines();
            for (ProbedKill k : kills) {
                w.beginObject().field("outcome", outcome(k, dryRun)).name("socket");
                SocketJson.object(w, socket(k));
                w.field("message", message(k));
                ProbeJson.member(w, k.probe());
                w.endObject();
            }
            w.endArray().endObject().newline();
            Utf8Text b = w.text();
            StdoutWriter.writeUtf8(out, b.bytes(), 0, b.length());
        } else {
            if (!quiet) {
                for (ProbedKill k : kills) {
                    out.println(TerminalText.escape(line(k)));
                }
            }
            out.println(dryRun ? "would kill " + killed + (killed == 1 ? " socket" : " sockets") + ", alive " + alive
                    + ", failed " + failed
                    : "killed " + killed + ", alive " + alive + ", already gone " + gone + ", failed " + failed);
        }
        StdoutWriter.flushOrFail(out);
    }

    private String line(ProbedKill k) {
        String verb = switch (outcome(k, dryRun)) {
            case "found" -> "would kill";
            case "killed" -> "killed";
            case "shut-down" -> "shut down";
            case "alive" -> "alive";
            case "gone" -> "already gone";
            default -> "failed";
        };
        ListedSocket l = socket(k);
        StringBuilder line = new StringBuilder(verb).append(' ').append(SocketDestroyer.describe(l.socket()));
        KillOutput.holders(line, l);
        line.append(": ").append(k.report() != null || k.problem().kind() == Problem.Kind.ALIVE ? k.probe().words()
                : k.problem().getMessage());
        return line.toString();
    }

    private static ListedSocket socket(ProbedKill k) {
        return k.report() != null ? k.report().socket() : k.probe().target().listed();
    }

    private static String message(ProbedKill k) {
        return k.report() != null ? k.report().detail() : k.problem().getMessage();
    }
}
