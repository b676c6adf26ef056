package sockkill.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sockkill.core.BlockedSocketFinder;
import sockkill.core.DeadPeerKiller;
import sockkill.core.Diagnosis;
import sockkill.core.PeerProbe;
import sockkill.core.ProbeResult;
import sockkill.core.ProbeSettings;
import sockkill.core.ProbeTarget;
import sockkill.core.WaitedFd;
import sockkill.proc.ProcFs;

/** {@code sockkill why P}: what process P is blocked on, and which network socket it hangs on. Kills nothing. */
@Command(name = "why", mixinStandardHelpOptions = true,
        customSynopsis = "sockkill why P [--probe [--probe-timeout SECONDS]] [--json] [--verbose]",
        description = {"Say what process P is blocked on and which network socket it hangs on; kill nothing.",
            "Without stopping or tracing P, sockkill reads for each thread the system call it waits in and on which fds (poll and select sets read from its "
                + "memory, epoll sets from /proc), for each fd what it is (TCP or UDP socket with its tuple, state "
                + "and network namespace; UNIX socket; pipe; tty; file; eventfd; epoll set...), and for each "
                + "network socket the figures that tell a dead peer from a quiet one (tcp_info: time since data was "
                + "last received and sent and since the last ack, unacknowledged segments, retransmissions, "
                + "backoff, probes).",
            "It ends with a verdict: the one network socket P hangs on (what 'sockkill pid P' would kill), or "
                + "why there is none, or several. A thread id is taken as its process. Needs ptrace rights over P "
                + "(its owner, or root).",
            "With --probe each TCP connection the verdict counts is also probed (keepalive, turned on through a "
                + "duplicate of the fd and put back afterwards): it says whether the peer answered, which only a "
                + "live peer does, or stayed silent. The probe only looks: the kernel is not let end anything."},
        footer = ExitCodes.WHY_HELP)
public final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "P", description = "The process id (or the id of one of its threads).")
    String pid;

    @Option(names = "--json", description = "Print one JSON object: pid, comm, thread_given, arch, threads, fds, "
            + "verdict (README lists the fields).")
    boolean json;

    @Option(names = "--probe", description = "Probe each network connection the verdict counts and say whether its "
            + "peer answers (alive) or not (dead); takes up to --probe-timeout seconds. UDP and connections that are "
            + "not established cannot be probed, and are said so.")
    boolean probe;

    @Mixin
    ProbeTimeoutOption probeTimeout;

    @Override
    public Integer call() throws Exception {
        int p = Numbers.parse("pid", pid);
        if (probeTimeout.given() && !probe) {
            throw new UsageError("--probe-timeout goes with --probe");
        }
        int timeout = probeTimeout.seconds();
        Diagnosis d = new BlockedSocketFinder(ProcFs.system()).diagnose(p);
        Map<Integer, ProbeResult> probes = probe ? probe(d, timeout) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonWriter w = new JsonWriter(new Utf8Text(4096));
            DiagnosisJson.object(w, d, probes);
            w.newline();
            out.print(w.text().toString());
            out.flush();
        } else {
            DiagnosisText.print(out, d, probes == null ? Map.of() : probes);
        }
        return switch (d.outcome()) {
            case ONE -> ExitCodes.OK;
            case NONE -> ExitCodes.NOT_FOUND;
            case SEVERAL -> ExitCodes.AMBIGUOUS;
        };
    }

    /** Probes the sockets the verdict counts, only looking; by fd. */
    private static Map<Integer, ProbeResult> probe(Diagnosis d, int timeout) throws IOException {
        List<ProbeTarget> targets = new ArrayList<>();
        for (WaitedFd f : d.candidates()) {
            if (f.socket().isPresent()) {
                targets.add(DeadPeerKiller.targetOf(d, f));
            }
        }
        Map<Integer, ProbeResult> out = new HashMap<>();
        for (ProbeResult r : new PeerProbe(new ProbeSettings(timeout, false)).probe(targets)) {
            out.put(r.target().fd(), r);
        }
        return out;
    }
}
