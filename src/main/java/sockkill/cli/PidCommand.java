package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sockkill.core.BlockedSocketKiller;
import sockkill.core.Diagnosis;
import sockkill.core.DiagnosisProblem;
import sockkill.core.Problem;
import sockkill.core.SocketKiller;
import sockkill.core.TcpFigures;
import sockkill.core.WaitedFd;
import sockkill.proc.ProcFs;

/**
 * {@code sockkill pid P fd F}: kill the socket behind fd F of process P. {@code sockkill pid P}:
 * find the socket P is blocked on (as {@code why} does), then kill it the same way.
 */
@Command(name = "pid", mixinStandardHelpOptions = true,
        customSynopsis = {"sockkill pid P [--all-blocked] [--dry-run] [--fallback=none|shutdown] [--json] [--verbose]",
            "sockkill pid P fd F [--inode N] [--dry-run] [--fallback=none|shutdown] [--json] [--verbose]"},
        description = {"Kill the socket process P is blocked on, or the one behind its fd F.",
            "Without fd, sockkill finds it from /proc without stopping or tracing P (what 'sockkill why P' "
                + "shows): the one TCP or UDP socket some thread of P waits on in read, recv, send, connect, accept, "
                + "poll, select or epoll. If P waits on no network socket, nothing is killed (exit 1, saying what "
                + "each thread waits in); if on several, nothing is killed either (exit 7, listing them with their "
                + "tcp_info figures) unless --all-blocked. A thread id is taken as its process. Needs ptrace rights "
                + "over P (root). With --json the object also carries 'diagnosis', the object 'sockkill why P --json' "
                + "prints.",
            "With fd F, the socket behind file descriptor F of P (what strace or /proc/P/fd show it blocked on).",
            "Either way it is killed in the network namespace it lives in: the kernel destroys it (SOCK_DESTROY) "
                + "and the process sees ECONNABORTED at once."},
        footer = ExitCodes.HELP)
public final class PidCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "P", description = "The process id.")
    String pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "fd", description = "The word 'fd' (optional).")
    String fdKeyword;

    @Parameters(index = "2", arity = "0..1", paramLabel = "F", description = "The file descriptor number.")
    String fd;

    @Option(names = "--inode", paramLabel = "N",
            description = "Kill only if fd F still holds socket inode N (as 'list' or a first run showed it); "
                    + "otherwise kill nothing and exit 1. A client that reconnects after a kill often gets the same "
                    + "fd number back: without this guard, running the same command again kills the new connection.")
    String inode;

    @Option(names = "--all-blocked", description = "Without fd: when P waits on several network sockets, kill "
            + "every one of them (by default none is killed, exit 7).")
    boolean allBlocked;

    @Mixin
    KillOptionsMixin kill;

    @Override
    public Integer call() throws Exception {
        int p = Numbers.parse(spec, "pid", pid);
        if (fdKeyword == null) {
            if (inode != null) {
                throw new ParameterException(spec.commandLine(), "--inode goes with 'pid P fd F', not with 'pid P' alone");
            }
            return unstick(p);
        }
        if (!fdKeyword.equals("fd")) {
            throw new ParameterException(spec.commandLine(), "expected 'pid P fd F' (or 'pid P' alone), found '"
                    + fdKeyword + "' where 'fd' belongs");
        }
        if (fd == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'F' (the fd number after 'fd')");
        }
        if (allBlocked) {
            throw new ParameterException(spec.commandLine(), "--all-blocked goes with 'pid P' alone, not with fd F");
        }
        int f = Numbers.parseFd(spec, fd);
        long expected = inode == null ? -1 : Numbers.parseInode(spec, inode);
        return KillOutput.run(spec.commandLine().getOut(), kill.json,
                json -> json.beginObject().field("pid", p).field("fd", f).endObject(),
                () -> new SocketKiller(ProcFs.system(), kill.toOptions()).killFd(p, f, expected));
    }

    /** pid P alone: diagnose, then kill the one socket (or with --all-blocked each of several). */
    private int unstick(int p) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        KillOutput.Target byPid = json -> json.beginObject().field("pid", p).endObject();
        BlockedSocketKiller killer = new BlockedSocketKiller(ProcFs.system(), kill.toOptions());
        Diagnosis d;
        List<WaitedFd> targets;
        try {
            d = killer.diagnose(p);
        } catch (Exception e) {
            if (kill.json) {
                KillOutput.failure(out, e, byPid, json -> json.name("diagnosis").nullValue());
            }
            throw e;
        }
        KillOutput.Extra withDiagnosis = json -> DiagnosisJson.object(json.name("diagnosis"), d);
        try {
            targets = BlockedSocketKiller.targets(d, allBlocked);
        } catch (DiagnosisProblem e) {
            if (kill.json) {
                KillOutput.failure(out, e, byPid, withDiagnosis);
            } else if (e.kind() == Problem.Kind.AMBIGUOUS) {
                for (WaitedFd f : d.candidates()) {
                    out.println(TerminalText.escape(candidate(f)));
                }
                out.flush();
            }
            throw e;
        }
        if (!kill.json) {
            out.println(TerminalText.escape(targets.size() == 1 ? d.verdict() : d.process() + " waits on "
                    + targets.size() + " network sockets; --all-blocked: each is killed"));
        }
        if (targets.size() == 1) {
            WaitedFd f = targets.get(0);
            return KillOutput.run(out, kill.json, byPid, () -> killer.kill(d, f), withDiagnosis);
        }
        int status = ExitCodes.OK;
        for (WaitedFd f : targets) {
            KillOutput.Target byFd = json -> json.beginObject().field("pid", d.pid()).field("fd", f.fd()).endObject();
            try {
                KillOutput.report(out, killer.kill(d, f), kill.json, byFd, withDiagnosis);
            } catch (Problem e) {
                if (kill.json) {
                    KillOutput.failure(out, e, byFd, withDiagnosis);
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println(TerminalText.escape("sockkill: fd " + f.fd() + ": " + e.getMessage()));
                err.flush();
                if (status == ExitCodes.OK) {
                    status = ExitCodes.of(e.kind());
                }
            }
        }
        return status;
    }

    /** "fd 3: tcp A <-> B ESTAB inode N: last data received 4.6 s ago, ...". */
    private static String candidate(WaitedFd f) {
        String figures = f.socket().map(TcpFigures::of).orElse(f.note());
        return "fd " + f.fd() + ": " + f.describe() + (figures.isEmpty() ? "" : ": " + figures);
    }
}
