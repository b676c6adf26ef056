package sockkill.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sockkill.core.BulkKill;
import sockkill.core.MatchCriteria;
import sockkill.core.MatchKill;
import sockkill.core.Namespaces;
import sockkill.core.Problem;
import sockkill.core.Watch;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/**
 * {@code sockkill watch FILTERS}: the daemon form of match, for nodes. Every --interval seconds
 * (and at once on SIGHUP or SIGUSR1) it kills what matches in every network namespace, each socket
 * logged to syslog and printed as one JSON line; SIGTERM or SIGINT ends it with exit 0.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Match as a daemon: kill what matches, round after round, in every network namespace.",
            "Every --interval seconds (and at once on SIGHUP or SIGUSR1) the filters of match are applied in every "
                + "network namespace (those processes live in and those bind mounts keep), or in the one --netns "
                + "names, and every socket that matches is killed and logged to syslog (see --no-log).",
            "Each socket acted on is one JSON line on standard output: time, round, outcome (killed, gone, failed; "
                + "found with --dry-run), socket (the list fields, with netns), message. Notes and failed rounds go "
                + "to standard error, one line each; a failed round does not stop the watch. SIGTERM or SIGINT ends it: "
                + "the namespace under way is finished, its lines written whole, and the exit status is 0.",
            "  sockkill watch --stuck 120 --comm imapd      kills connections whose peer vanished 2 minutes ago",
            "  sockkill watch --idle 3600 --dport 5432 --interval 300"},
        footer = {"%nExit status:%n"
            + "  0   stopped by SIGTERM or SIGINT%n"
            + "  2   usage error%n"
            + "  3   --netns names a namespace that may not be entered%n"
            + "  5   --netns names a process that is not there%n"
            + "  74  write error on standard output%n"
            + "  141 standard output closed by its reader%n"})
public final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MatchFilters match;

    @Mixin
    NamespaceOption namespace;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between rounds (at least 0.1). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--max", paramLabel = "N",
            description = "In a round where more than N sockets match, kill none of them (the round is reported as "
                    + "failed, exit status 6 in its line on standard error).")
    String max;

    @Option(names = "--dry-run", description = "Kill nothing: report what each round would kill (outcome found).")
    boolean dryRun;

    @Mixin
    AuditOption audit;

    /** Where watch's JSON lines go, one whole line per write. */
    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        MatchCriteria criteria = match.criteria("watch");
        long nanos = intervalNanos();
        OptionalLong limit = max == null ? OptionalLong.empty()
                : OptionalLong.of(Numbers.parseLong("--max", max, Long.MAX_VALUE / 2));
        Supplier<Namespaces> where;
        if (namespace.given()) {
            NetworkNamespace ns = namespace.resolve(NetworkNamespace.current());
            where = () -> Namespaces.one(ns);
        } else {
            where = () -> Namespaces.all(ProcFs.system());
        }
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Watch watch = new Watch(new MatchKill(ProcFs.system(), audit.sink(Invocation.of(spec)), "watch"), where, criteria, dryRun, limit,
                nanos, new Report(err));
        WatchSignals.install(watch);
        err.println(TerminalText.escape("sockkill: watch: every " + interval + " s in "
                + (namespace.given() ? "--netns " + namespace.netns : "every network namespace")
                + (dryRun ? ", killing nothing (--dry-run)" : "") + "; SIGHUP or SIGUSR1 for a round now, "
                + "SIGTERM to stop"));
        err.flush();
        watch.run();
        StdoutWriter.flushOrFail(out);
        return ExitCodes.OK;
    }

    private long intervalNanos() {
        try {
            double s = Double.parseDouble(interval);
            if (s >= 0.1 && s <= 1e7) {
                return Math.round(s * 1e9);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageError("invalid --interval '" + interval
                + "': expected a number of seconds, at least 0.1");
    }

    /** Writes each round: a JSON line per socket on stdout, notes and failures on stderr. */
    private final class Report implements Watch.Listener {
        private final PrintWriter err;
        private String lastUnsearched = "";

        Report(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void round(Watch.Round round) {
            String time = Instant.now().toString();
            for (MatchKill.Item i : round.items()) {
                BulkKill.Outcome o = i.outcome();
                JsonWriter w = new JsonWriter(new Utf8Text(700));
                w.beginObject().field("time", time).field("round", round.number())
                        .field("outcome", dryRun && o.result() == BulkKill.Result.KILLED ? "found" : o.result().label())
                        .name("socket");
                SocketJson.object(w, o.socket(), i.netns());
                w.field("message", o.message()).endObject().newline();
                Utf8Text b = w.text();
                // one write and a flush per line: a stop never leaves half a line
                StdoutWriter.writeUtf8(out, b.bytes(), 0, b.length());
                StdoutWriter.flushOrFail(out);
            }
            String unsearched = round.unsearched().map(Problem::getMessage).orElse("");
            if (!unsearched.equals(lastUnsearched)) {
                lastUnsearched = unsearched;
                if (!unsearched.isEmpty()) {
                    err.println(TerminalText.escape("sockkill: watch: note: round " + round.number() + ": " + unsearched));
                }
            }
            round.failure().ifPresent(e -> err.println(TerminalText.escape("sockkill: watch: round " + round.number()
                    + " failed (exit status " + (e instanceof Problem p ? ExitCodes.of(p.kind()) : ExitCodes.INTERNAL)
                    + "): " + e.getMessage())));
            err.flush();
        }
    }
}
