package sockkill.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sockkill.core.BlockedSocketKiller;
import sockkill.core.DeadPeerKiller;
import sockkill.core.Diagnosis;
import sockkill.core.DiagnosisProblem;
import sockkill.core.KillReport;
import sockkill.core.ProbeTarget;
import sockkill.core.Problem;
import sockkill.core.SocketKiller;
import sockkill.core.TcpFigures;
import sockkill.core.WaitedFd;
import sockkill.proc.ProcFs;

/**
 * {@code sockkill pid P fd F}: kill the socket behind fd F of process P. {@code sockkill pid P}:
 * find the socket P is blocked on (as {@code why} does), then kill it the same way. With
 * {@code --if-dead}, or where sockkill may not destroy sockets, each connection is probed first and
 * only those whose peer is dead are killed.
 */
@Command(name = "pid", mixinStandardHelpOptions = true,
        customSynopsis = {"sockkill pid P [--all-blocked | --if-dead] [--probe-timeout SECONDS] [--dry-run] "
                + "[--fallback=none|shutdown] [--json] [--verbose]",
            "sockkill pid P fd F [--inode N] [--if-dead] [--probe-timeout SECONDS] [--dry-run] "
                + "[--fallback=none|shutdown] [--json] [--verbose]"},
        description = {"Kill the socket process P is blocked on, or the one behind its fd F.",
            "Without fd, sockkill finds it from /proc without stopping or tracing P (what 'sockkill why P' "
                + "shows): the one TCP or UDP socket some thread of P waits on in read, recv, send, connect, accept, "
                + "poll, select or epoll. If P waits on no network socket, nothing is killed (exit 1, saying what "
                + "each thread waits in); if on several, nothing is killed either (exit 7, listing them with their "
                + "tcp_info figures) unless --all-blocked or --if-dead. A thread id is taken as its process. Needs "
                + "ptrace rights over P (its owner, or root). With --json the object also carries 'diagnosis', the "
                + "object 'sockkill why P --json' prints.",
            "With fd F, the socket behind file descriptor F of P (what strace or /proc/P/fd show it blocked on).",
            "Either way it is killed in the network namespace it lives in: the kernel destroys it (SOCK_DESTROY) "
                + "and the process sees ECONNABORTED at once.",
            "--if-dead kills only connections whose peer is dead: each is probed first (TCP keepalive, turned on "
                + "through a duplicate of the fd), and a peer that answers nothing is the kernel's own proof: the "
                + "kernel ends the connection and the process sees ETIMEDOUT. A connection whose peer answers is "
                + "reported alive and left exactly as it was (exit 8). With several sockets, each is probed and only "
                + "the dead ones are killed.",
            "Without CAP_NET_ADMIN (a user freeing a program of their own, a container without NET_ADMIN) sockkill "
                + "cannot destroy sockets, and probes instead, as --if-dead does: only ptrace rights over P are needed."},
        footer = ExitCodes.HELP)
public final class PidCommand extends QuickCommand {
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

    @Option(names = "--if-dead", description = "Probe each connection first and kill only those whose peer does not "
            + "answer (the kernel ends them: ETIMEDOUT); those that answer are reported alive and left as they were "
            + "(exit 8 when nothing was killed). UDP and connections that are not established cannot be probed "
            + "(exit 4). With --dry-run the probe only looks, and every setting is put back.")
    boolean ifDead;

    @Mixin
    ProbeTimeoutOption probeTimeout = new ProbeTimeoutOption();

    @Mixin
    KillOptionsMixin kill = new KillOptionsMixin();

    @Override
    public Integer call() throws Exception {
        int p = Numbers.parse("pid", pid);
        int timeout = probeTimeout.seconds();
        if (ifDead && allBlocked) {
            throw new UsageError("--all-blocked and --if-dead exclude each other: "
                    + "--if-dead probes every socket P waits on and kills the dead ones");
        }
        if (fdKeyword == null) {
            if (inode != null) {
                throw new UsageError("--inode goes with 'pid P fd F', not with 'pid P' alone");
            }
            return unstick(p, timeout);
        }
        if (!fdKeyword.equals("fd")) {
            throw new UsageError("expected 'pid P fd F' (or 'pid P' alone), found '"
                    + fdKeyword + "' where 'fd' belongs");
        }
        if (fd == null) {
            throw new UsageError("Missing required parameter: 'F' (the fd number after 'fd')");
        }
        if (allBlocked) {
            throw new UsageError("--all-blocked goes with 'pid P' alone, not with fd F");
        }
        int f = Numbers.parseFd(fd);
        long expected = inode == null ? -1 : Numbers.parseInode(inode);
        PrintWriter out = invocation().out();
        KillOutput.Target byFd = json -> json.beginObject().field("pid", p).field("fd", f).endObject();
        if (ifDead) {
            return probed(p, f, expected, timeout, DeadPeerKiller.Why.ASKED, byFd);
        }
        KillReport r;
        try {
            r = new SocketKiller(ProcFs.system(), kill.toOptions(invocation())).killFd(p, f, expected);
        } catch (Problem e) {
            Problem refusal = e;
            if (e.kind() == Problem.Kind.PERMISSION) {
                if (DeadPeerKiller.mayProbe(p, f)) {
                    // no CAP_NET_ADMIN there: the kernel's own proof of a dead peer needs only ptrace rights
                    return probed(p, f, expected, timeout, DeadPeerKiller.Why.UNPRIVILEGED, byFd);
                }
                refusal = new DeadPeerKiller(ProcFs.system(), kill.toOptions(invocation()), timeout,
                        DeadPeerKiller.Why.UNPRIVILEGED)
                        .withOwnersWay(e, p);
            }
            if (kill.json) {
                KillOutput.failure(out, refusal, byFd);
            }
            throw refusal;
        } catch (Exception e) {
            if (kill.json) {
                KillOutput.failure(out, e, byFd);
            }
            throw e;
        }
        KillOutput.report(out, r, kill.json, byFd);
        return ExitCodes.OK;
    }

    /** pid P fd F through a probe: --if-dead, or without the right to destroy. */
    private int probed(int p, int f, long expected, int timeout, DeadPeerKiller.Why why, KillOutput.Target byFd)
            throws Exception {
        PrintWriter out = invocation().out();
        DeadPeerKiller killer = new DeadPeerKiller(ProcFs.system(), kill.toOptions(invocation()), timeout, why);
        ProbeTarget target;
        try {
            target = killer.targetOfFd(p, f, expected);
        } catch (Exception e) {
            if (kill.json) {
                KillOutput.failure(out, e, byFd);
            }
            throw e;
        }
        List<DeadPeerKiller.ProbedKill> kills = killer.kill(List.of(target));
        return ProbedOutput.print(out, invocation().err(), kill.json, kills, k -> byFd, null);
    }

    /** pid P alone: diagnose, then kill the one socket (or with --all-blocked each of several). */
    private int unstick(int p, int timeout) throws Exception {
        PrintWriter out = invocation().out();
        KillOutput.Target byPid = json -> json.beginObject().field("pid", p).endObject();
        BlockedSocketKiller killer = new BlockedSocketKiller(ProcFs.system(), kill.toOptions(invocation()));
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
            targets = BlockedSocketKiller.targets(d, allBlocked || ifDead);
        } catch (DiagnosisProblem e) {
            if (e.kind() == Problem.Kind.AMBIGUOUS && !mayDestroy(d)) {
                // several, and no right to destroy any: probe them all, as --if-dead does
                return unstickProbed(d, d.candidates(), timeout, DeadPeerKiller.Why.UNPRIVILEGED, withDiagnosis);
            }
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
        if (ifDead) {
            return unstickProbed(d, targets, timeout, DeadPeerKiller.Why.ASKED, withDiagnosis);
        }
        if (targets.size() == 1) {
            WaitedFd f = targets.get(0);
            KillReport r;
            try {
                r = killer.kill(d, f);
            } catch (Problem e) {
                if (e.kind() == Problem.Kind.PERMISSION && DeadPeerKiller.mayProbe(d.pid(), f.fd())) {
                    return unstickProbed(d, targets, timeout, DeadPeerKiller.Why.UNPRIVILEGED, withDiagnosis);
                }
                if (kill.json) {
                    KillOutput.failure(out, e, byPid, withDiagnosis);
                }
                throw e;
            } catch (Exception e) {
                if (kill.json) {
                    KillOutput.failure(out, e, byPid, withDiagnosis);
                }
                throw e;
            }
            if (!kill.json) {
                out.println(TerminalText.escape(d.verdict()));
            }
            KillOutput.report(out, r, kill.json, byPid, withDiagnosis);
            return ExitCodes.OK;
        }
        if (!kill.json) {
            out.println(TerminalText.escape(d.process() + " waits on " + targets.size()
                    + " network sockets; --all-blocked: each is killed"));
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
                PrintWriter err = invocation().err();
                err.println(TerminalText.escape("sockkill: fd " + f.fd() + ": " + e.getMessage()));
                err.flush();
                if (status == ExitCodes.OK) {
                    status = ExitCodes.of(e.kind());
                }
            }
        }
        return status;
    }

    /** Whether sockkill may destroy the sockets P waits on (asked of the first). */
    private static boolean mayDestroy(Diagnosis d) throws Exception {
        WaitedFd first = d.candidates().get(0);
        return DeadPeerKiller.mayDestroy(d.pid(), first.fd());
    }

    /** pid P alone through probes: each socket P waits on is probed, and only the dead ones are killed. */
    private int unstickProbed(Diagnosis d, List<WaitedFd> waited, int timeout, DeadPeerKiller.Why why,
            KillOutput.Extra withDiagnosis) throws Exception {
        PrintWriter out = invocation().out();
        if (!kill.json) {
            out.println(TerminalText.escape(waited.size() == 1 ? d.verdict() : d.process() + " waits on "
                    + waited.size() + " network sockets (fds " + fds(waited) + "): each is probed"
                    + (why == DeadPeerKiller.Why.UNPRIVILEGED ? " (sockkill may not destroy them here)" : "")
                    + ", and only those whose peer is dead are killed"));
            out.flush();
        }
        List<ProbeTarget> targets = new ArrayList<>();
        for (WaitedFd f : waited) {
            targets.add(DeadPeerKiller.targetOf(d, f));
        }
        DeadPeerKiller killer = new DeadPeerKiller(ProcFs.system(), kill.toOptions(invocation()), timeout, why);
        List<DeadPeerKiller.ProbedKill> kills = killer.kill(targets);
        return ProbedOutput.print(out, invocation().err(), kill.json, kills,
                k -> json -> json.beginObject().field("pid", d.pid()).field("fd", k.probe().target().fd()).endObject(),
                withDiagnosis);
    }

    private static String fds(List<WaitedFd> fds) {
        StringBuilder b = new StringBuilder();
        for (WaitedFd f : fds) {
            b.append(b.length() == 0 ? "" : ", ").append(f.fd());
        }
        return b.toString();
    }

    /** "fd 3: tcp A <-> B ESTAB inode N: last data received 4.6 s ago, ...". */
    private static String candidate(WaitedFd f) {
        String figures = f.socket().map(TcpFigures::of).orElse(f.note());
        return "fd " + f.fd() + ": " + f.describe() + (figures.isEmpty() ? "" : ": " + figures);
    }
}
