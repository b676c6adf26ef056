package sockkill.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sockkill.core.BulkKill;
import sockkill.core.DeadPeerKiller;
import sockkill.core.KillOptions;
import sockkill.core.ListedSocket;
import sockkill.core.MatchCriteria;
import sockkill.core.NamespaceSession;
import sockkill.core.Netid;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketFilter;
import sockkill.core.SocketMatcher;
import sockkill.core.SocketStates;
import sockkill.proc.ProcFs;
import sockkill.sys.Kernel;
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
public final class MatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FilterOptions filters;

    @Mixin
    NamespaceOption namespace;

    @Option(names = "--pid", paramLabel = "PID",
            description = "Only sockets process PID holds (in its network namespace unless --netns is given).")
    String pid;

    @Option(names = "--uid", paramLabel = "UID", description = "Only sockets owned by uid UID. TIME-WAIT and "
            + "SYN-RECV entries never match: the kernel does not report their owner (it says 0 for them).")
    String uid;

    @Option(names = "--comm", paramLabel = "NAME", description = "Only sockets held by a process named NAME.")
    String comm;

    @Option(names = "--idle", paramLabel = "SECONDS",
            description = "Only TCP connections with no traffic either way for SECONDS: no data sent, no data "
                    + "received and no acknowledgement received (tcp_info's last_data_sent, last_data_recv and "
                    + "last_ack_recv all at least SECONDS). A busy sender that receives nothing is not idle.")
    String idle;

    @Option(names = "--stuck", paramLabel = "SECONDS",
            description = "Only TCP sockets whose sent data (or SYN) the kernel has been retransmitting without "
                    + "an acknowledgement for SECONDS: a peer that vanished.")
    String stuck;

    @Option(names = "--if-dead", description = "Probe each matched TCP connection first and kill only those whose "
            + "peer does not answer: the kernel ends them (ETIMEDOUT), or SOCK_DESTROY where it does not. Those that "
            + "answer are reported alive and left as they were (exit 8 when nothing was killed). Matches only "
            + "established TCP connections unless --state says otherwise; UDP has no probe.")
    boolean ifDead;

    @Mixin
    ProbeTimeoutOption probeTimeout;

    @Option(names = "--all", description = "Allow a match without any filter: every socket of the kinds given.")
    boolean all;

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

    @Override
    public Integer call() throws Exception {
        MatchCriteria criteria = criteria();
        OptionalLong limit = max == null ? OptionalLong.empty() : OptionalLong.of(Numbers.parseLong(spec, "--max", max,
                Long.MAX_VALUE / 2));
        NetworkNamespace ns = namespace.resolve(criteria.pid().isPresent()
                ? NetworkNamespace.ofPid(criteria.pid().getAsInt()) : NetworkNamespace.current());
        PrintWriter out = spec.commandLine().getOut();
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
            if (ifDead) {
                return new MatchIfDead(dryRun, quiet, json).run(out, spec.commandLine().getErr(), session, matched,
                        new DeadPeerKiller(ProcFs.system(), new KillOptions(dryRun, false), probeTimeout.seconds(spec),
                                DeadPeerKiller.Why.ASKED));
            }
            List<BulkKill.Outcome> outcomes = dryRun ? BulkKill.check(session, matched)
                    : BulkKill.destroy(session, matched);
            report(out, outcomes);
            for (BulkKill.Outcome o : outcomes) {
                if (o.result() == BulkKill.Result.FAILED) {
                    throw new Problem(o.kind(), "could not kill " + SocketDestroyer.describe(o.socket().socket()) + ": "
                            + o.message());
                }
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw NamespaceSession.explain(ns, e);
        }
    }

    private MatchCriteria criteria() {
        if (filters.unix) {
            throw new ParameterException(spec.commandLine(), "match kills TCP and UDP sockets; the kernel cannot "
                    + "destroy UNIX ones (sockkill pid P fd F --fallback=shutdown shuts one down)");
        }
        boolean silence = idle != null || stuck != null;
        boolean narrowed = !filters.states.isEmpty() || filters.localPort != null || filters.peerPort != null
                || filters.localPrefix != null || filters.peerPrefix != null || pid != null || uid != null
                || comm != null || silence || ifDead;
        if (!narrowed && !all) {
            throw new ParameterException(spec.commandLine(), "match needs a filter (--pid, --uid, --comm, --state, "
                    + "--sport, --dport, --src, --dst, --idle, --stuck or --if-dead); to kill every socket say --all");
        }
        if (ifDead && (filters.udp || filters.udplite || filters.raw || filters.mptcp)) {
            throw new ParameterException(spec.commandLine(), "--if-dead probes TCP connections only: UDP and raw "
                    + "sockets have no keepalive to probe with, and MPTCP's runs on its subflows");
        }
        if (probeTimeout.given() && !ifDead) {
            throw new ParameterException(spec.commandLine(), "--probe-timeout goes with --if-dead");
        }
        SocketFilter f = filters.toFilter();
        if (!filters.namesKinds()) {
            // MPTCP too: its TCP subflows carry its inode, and killing one would not free the process.
            // With --idle or --stuck the subflows' tcp_info decides, and their MPTCP socket is chosen;
            // with --if-dead such a socket is reported as not probed.
            Set<Netid> kinds = silence || ifDead ? EnumSet.of(Netid.TCP)
                    : EnumSet.of(Netid.TCP, Netid.UDP, Netid.MPTCP);
            f = f.withNetids(kinds);
        }
        if (filters.states.isEmpty() && ifDead) {
            // only established connections can be probed
            f = f.withStates(SocketStates.bit(Kernel.TCP_ESTABLISHED));
        } else if (filters.states.isEmpty()) {
            // listeners, unconnected UDP sockets and bound-only ones only when asked for by name
            f = f.withStates(SocketStates.ALL & ~SocketStates.bit(Kernel.TCP_LISTEN)
                    & ~SocketStates.bit(Kernel.TCP_CLOSE) & ~SocketStates.bit(Kernel.TCP_BOUND_INACTIVE));
        }
        OptionalInt p = pid == null ? OptionalInt.empty() : OptionalInt.of(Numbers.parse(spec, "--pid", pid));
        OptionalLong u = uid == null ? OptionalLong.empty() : OptionalLong.of(Numbers.parseLong(spec, "--uid", uid,
                0xffff_ffffL));
        return new MatchCriteria(f, p, u, Optional.ofNullable(comm), seconds("--idle", idle), seconds("--stuck", stuck));
    }

    private OptionalLong seconds(String option, String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            double s = Double.parseDouble(text);
            if (!(s >= 0) || s > 1e9) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "invalid " + option + " '" + text
                    + "': expected a number of seconds");
        }
    }

    private void report(PrintWriter out, List<BulkKill.Outcome> outcomes) {
        int killed = 0;
        int gone = 0;
        int failed = 0;
        for (BulkKill.Outcome o : outcomes) {
            switch (o.result()) {
                case KILLED -> killed++;
                case GONE -> gone++;
                case FAILED -> failed++;
            }
        }
        if (json) {
            JsonWriter w = new JsonWriter(new Utf8Text(256 + 300 * outcomes.size()));
            w.beginObject()
                    .field("dry_run", dryRun)
                    .field("matched", outcomes.size())
                    .field("killed", dryRun ? 0 : killed)
                    .field("gone", gone)
                    .field("failed", failed)
                    .name("sockets").beginArrayOfLines();
            for (BulkKill.Outcome o : outcomes) {
                w.beginObject().field("outcome", dryRun && o.result() == BulkKill.Result.KILLED ? "found"
                        : o.result().label()).name("socket");
                SocketJson.object(w, o.socket());
                w.field("message", o.message()).endObject();
            }
            w.endArray().endObject().newline();
            Utf8Text b = w.text();
            StdoutWriter.writeUtf8(out, b.bytes(), 0, b.length());
        } else {
            if (!quiet) {
                for (BulkKill.Outcome o : outcomes) {
                    StringBuilder line = new StringBuilder();
                    line.append(o.result() == BulkKill.Result.KILLED ? (dryRun ? "would kill" : "killed")
                            : o.result() == BulkKill.Result.GONE ? "already gone" : dryRun ? "would fail" : "failed");
                    line.append(' ').append(SocketDestroyer.describe(o.socket().socket()));
                    KillOutput.holders(line, o.socket());
                    if (o.result() == BulkKill.Result.FAILED) {
                        line.append(": ").append(o.message());
                    }
                    out.println(TerminalText.escape(line.toString()));
                }
            }
            out.println(dryRun ? "would kill " + killed + (killed == 1 ? " socket" : " sockets")
                    + (gone + failed == 0 ? "" : ", already gone " + gone + ", would fail " + failed)
                    : "killed " + killed + ", already gone " + gone + ", failed " + failed);
        }
        StdoutWriter.flushOrFail(out);
    }
}
