package sockkill.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalLong;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sockkill.core.BulkKill;
import sockkill.core.DeadPeerKiller;
import sockkill.core.KillOptions;
import sockkill.core.ListedSocket;
import sockkill.core.MatchCriteria;
import sockkill.core.MatchKill;
import sockkill.core.NamespaceSession;
import sockkill.core.Namespaces;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketMatcher;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/** {@code sockkill match FILTERS}: kill every socket that matches all the filters. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Kill every TCP, UDP or MPTCP socket that matches all the given filters (at least one).",
            "Listeners and unconnected UDP sockets are matched only when --state names them.",
            "With --if-dead every matched TCP connection is probed at once (keepalive, through a duplicate of a "
                + "holder's fd) and only those whose peer does not answer are killed.",
            "  sockkill match --pid $(pidof mutt) --idle 300     frees a hung mail client",
            "  sockkill match --if-dead --dport 5432             kills the dead connections to a database"},
        footer = ExitCodes.HELP)
public final class MatchCommand extends QuickCommand {
    @Mixin
    MatchFilters match = new MatchFilters();

    @Mixin
    NamespaceOption namespace = new NamespaceOption();

    @Option(names = "--if-dead", description = "Probe each matched TCP connection first and kill only those whose "
            + "peer does not answer: the kernel ends them (ETIMEDOUT), or SOCK_DESTROY where it does not. Those that "
            + "answer are reported alive and left as they were (exit 8 when nothing was killed). Matches only "
            + "established TCP connections unless --state says otherwise; UDP has no probe.")
    boolean ifDead;

    @Mixin
    ProbeTimeoutOption probeTimeout = new ProbeTimeoutOption();

    @Option(names = "--max", paramLabel = "N",
            description = "Refuse (exit 6, killing nothing) when more than N sockets match.")
    String max;

    @Option(names = "--dry-run", description = "List what would be killed, and what could not be (checked as the "
            + "real run would meet it); kill nothing. The exit status is the real run's.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary line.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON object: counts and each socket with its outcome.")
    boolean json;

    @Option(names = "--all-netns", description = "Search every network namespace, each once: those processes live "
            + "in and those bind mounts keep (ip netns). Each socket's line (JSON: its netns) says which. Namespaces "
            + "that could not be looked into are named; if nothing matched, that is exit 3.")
    boolean allNamespaces;

    @Mixin
    AuditOption audit = new AuditOption();

    @Override
    public Integer call() throws Exception {
        if (probeTimeout.given() && !ifDead) {
            throw new UsageError("--probe-timeout goes with --if-dead");
        }
        MatchCriteria criteria = match.criteria("match", ifDead);
        OptionalLong limit = max == null ? OptionalLong.empty() : OptionalLong.of(Numbers.parseLong("--max", max,
                Long.MAX_VALUE / 2));
        if (allNamespaces && namespace.given()) {
            throw new UsageError("--netns and --all-netns exclude each other");
        }
        if (ifDead) {
            if (allNamespaces) {
                throw new UsageError("--if-dead probes in one network namespace: give "
                        + "--netns or --pid instead of --all-netns");
            }
            return ifDead(criteria, limit);
        }
        Namespaces where = allNamespaces ? Namespaces.all(ProcFs.system())
                : Namespaces.one(namespace.resolve(criteria.pid().isPresent()
                        ? NetworkNamespace.ofPid(criteria.pid().getAsInt()) : NetworkNamespace.current()));
        PrintWriter out = invocation().out();
        MatchKill.Result result = new MatchKill(ProcFs.system(), audit.sink(invocation()), "match")
                .run(where, criteria, dryRun, limit);
        List<MatchKill.Item> items = result.items();
        if (items.isEmpty()) {
            if (json) {
                report(out, items);
            }
            if (result.unsearched().isPresent()) {
                Problem hidden = result.unsearched().get();
                throw new Problem(hidden.kind(), "no socket matches in the " + hidden.getMessage());
            }
            throw new Problem(Problem.Kind.NOT_FOUND, "no socket matches");
        }
        report(out, items);
        result.unsearched().ifPresent(p -> note(p.getMessage()));
        for (MatchKill.Item i : items) {
            BulkKill.Outcome o = i.outcome();
            if (o.result() == BulkKill.Result.FAILED) {
                throw new Problem(o.kind(), "could not kill " + SocketDestroyer.describe(o.socket().socket()) + ": "
                        + o.message());
            }
        }
        return ExitCodes.OK;
    }

    /** --if-dead: the matched connections are probed first, and only the dead ones are killed (one namespace). */
    private int ifDead(MatchCriteria criteria, OptionalLong limit) throws Exception {
        NetworkNamespace ns = namespace.resolve(criteria.pid().isPresent()
                ? NetworkNamespace.ofPid(criteria.pid().getAsInt()) : NetworkNamespace.current());
        PrintWriter out = invocation().out();
        try (NamespaceSession session = NamespaceSession.open(ns)) {
            List<ListedSocket> matched = new SocketMatcher(ProcFs.system()).select(session, criteria);
            if (limit.isPresent() && matched.size() > limit.getAsLong()) {
                throw new Problem(Problem.Kind.TOO_MANY, matched.size() + " sockets match, more than --max "
                        + limit.getAsLong() + "; nothing was killed");
            }
            if (matched.isEmpty()) {
                if (json) {
                    report(out, List.of());
                }
                throw new Problem(Problem.Kind.NOT_FOUND, "no socket matches");
            }
            return new MatchIfDead(dryRun, quiet, json).run(out, invocation().err(), session, matched,
                    new DeadPeerKiller(ProcFs.system(),
                            new KillOptions(dryRun, false).withAudit(audit.sink(invocation())),
                            probeTimeout.seconds(), DeadPeerKiller.Why.ASKED));
        } catch (IOException e) {
            throw NamespaceSession.explain(ns, e);
        }
    }

    private void note(String text) {
        PrintWriter err = invocation().err();
        err.println(TerminalText.escape("sockkill: note: " + text));
        err.flush();
    }

    private void report(PrintWriter out, List<MatchKill.Item> items) {
        int killed = 0;
        int gone = 0;
        int failed = 0;
        for (MatchKill.Item i : items) {
            BulkKill.Outcome o = i.outcome();
            switch (o.result()) {
                case KILLED -> killed++;
                case GONE -> gone++;
                case FAILED -> failed++;
            }
        }
        if (json) {
            JsonWriter w = new JsonWriter(new Utf8Text(256 + 300 * items.size()));
            w.beginObject()
                    .field("dry_run", dryRun)
                    .field("matched", items.size())
                    .field("killed", dryRun ? 0 : killed)
                    .field("gone", gone)
                    .field("failed", failed)
                    .name("sockets").beginArrayOfLines();
            for (MatchKill.Item i : items) {
                BulkKill.Outcome o = i.outcome();
                w.beginObject().field("outcome", dryRun && o.result() == BulkKill.Result.KILLED ? "found"
                        : o.result().label()).name("socket");
                SocketJson.object(w, o.socket(), allNamespaces ? i.netns() : null);
                w.field("message", o.message()).endObject();
            }
            w.endArray().endObject().newline();
            Utf8Text b = w.text();
            StdoutWriter.writeUtf8(out, b.bytes(), 0, b.length());
        } else {
            if (!quiet) {
                // one line a socket, rendered as bytes: a bulk kill prints thousands
                Utf8Text lines = new Utf8Text(1 << 16);
                for (MatchKill.Item i : items) {
                    BulkKill.Outcome o = i.outcome();
                    lines.append(o.result() == BulkKill.Result.KILLED ? (dryRun ? "would kill " : "killed ")
                            : o.result() == BulkKill.Result.GONE ? "already gone " : dryRun ? "would fail " : "failed ");
                    KillOutput.describe(lines, o.socket());
                    if (allNamespaces) {
                        lines.append(" in ");
                        lines.append(TerminalText.escape(i.netns().describe()));
                    }
                    if (o.result() == BulkKill.Result.FAILED) {
                        lines.append(": ");
                        lines.append(TerminalText.escape(o.message()));
                    }
                    lines.append('\n');
                    if (lines.length() >= 1 << 16) {
                        StdoutWriter.writeUtf8(out, lines.bytes(), 0, lines.length());
                        lines.clear();
                    }
                }
                StdoutWriter.writeUtf8(out, lines.bytes(), 0, lines.length());
            }
            out.println(dryRun ? "would kill " + killed + (killed == 1 ? " socket" : " sockets")
                    + (gone + failed == 0 ? "" : ", already gone " + gone + ", would fail " + failed)
                    : "killed " + killed + ", already gone " + gone + ", failed " + failed);
        }
        StdoutWriter.flushOrFail(out);
    }
}
