package sockkill.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sockkill.core.BlockedSocketFinder;
import sockkill.core.Diagnosis;
import sockkill.proc.ProcFs;

/** {@code sockkill why P}: what process P is blocked on, and which network socket it hangs on. Kills nothing. */
@Command(name = "why", mixinStandardHelpOptions = true,
        customSynopsis = "sockkill why P [--json] [--verbose]",
        description = {"Say what process P is blocked on and which network socket it hangs on; kill nothing.",
            "Without stopping or tracing P, sockkill reads for each thread the system call it waits in and on which fds (poll and select sets read from its "
                + "memory, epoll sets from /proc), for each fd what it is (TCP or UDP socket with its tuple, state "
                + "and network namespace; UNIX socket; pipe; tty; file; eventfd; epoll set...), and for each "
                + "network socket the figures that tell a dead peer from a quiet one (tcp_info: time since data was "
                + "last received and sent and since the last ack, unacknowledged segments, retransmissions, "
                + "backoff, probes).",
            "It ends with a verdict: the one network socket P hangs on (what 'sockkill pid P' would kill), or "
                + "why there is none, or several. A thread id is taken as its process. Needs ptrace rights over P "
                + "(root)."},
        footer = ExitCodes.WHY_HELP)
public final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "P", description = "The process id (or the id of one of its threads).")
    String pid;

    @Option(names = "--json", description = "Print one JSON object: pid, comm, thread_given, arch, threads, fds, "
            + "verdict (README lists the fields).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int p = Numbers.parse(spec, "pid", pid);
        Diagnosis d = new BlockedSocketFinder(ProcFs.system()).diagnose(p);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonWriter w = new JsonWriter(new Utf8Text(4096));
            DiagnosisJson.object(w, d);
            w.newline();
            out.print(w.text().toString());
            out.flush();
        } else {
            DiagnosisText.print(out, d);
        }
        return switch (d.outcome()) {
            case ONE -> ExitCodes.OK;
            case NONE -> ExitCodes.NOT_FOUND;
            case SEVERAL -> ExitCodes.AMBIGUOUS;
        };
    }
}
