package sockkill.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.proc.Capabilities;
import sockkill.proc.FdLink;
import sockkill.proc.FdOwner;
import sockkill.proc.NoSuchProcessException;
import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.Native;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;

/**
 * Kills only what is really dead: each connection is probed first ({@link PeerProbe}) and killed
 * only if its peer answered nothing. A connection whose peer answered is left exactly as it was
 * (exit 8, {@link Problem.Kind#ALIVE}).
 *
 * <p>After a silent probe the kernel itself ends the connection: it was told to give up after the
 * probes it sent, and its holder gets ETIMEDOUT. Only where keepalive cannot end it (data waiting
 * to be acknowledged, a closed window: the silence then came from unanswered retransmissions or
 * window probes) is the socket destroyed with SOCK_DESTROY, the way every other kill goes, or
 * with {@code --fallback=shutdown} shut down through a duplicate of its fd.
 *
 * <p>The same path frees a process without CAP_NET_ADMIN ({@link Why#UNPRIVILEGED}): a user's own
 * program, a container without NET_ADMIN. Ptrace rights over the holder are all a probe needs.
 * (Where the user asked for {@code --fallback=shutdown} on one socket, the kill path shuts it
 * down instead; probes then serve only to choose among several.)
 */
public final class DeadPeerKiller {
    /** Why connections are probed before they are killed. */
    public enum Why {
        /** {@code --if-dead}: kill only connections whose peer is proven dead. */
        ASKED,
        /** sockkill may not destroy sockets there (no CAP_NET_ADMIN): the kernel's own timeout is the way. */
        UNPRIVILEGED
    }

    /**
     * What became of one connection: a report (killed, shut down, or with --dry-run found) or a
     * problem (alive, not proven, no rights, gone...), never both.
     */
    public record ProbedKill(ProbeResult probe, KillReport report, Problem problem) {
        public Optional<KillReport> killed() {
            return Optional.ofNullable(report);
        }
    }

    private final ProcFs proc;
    private final KillOptions options;
    private final PeerProbe probe;
    private final Why why;

    public DeadPeerKiller(ProcFs proc, KillOptions options, int timeoutSeconds, Why why) {
        this.proc = proc;
        this.options = options;
        // a dry run only looks: the kernel is never told to end anything
        this.probe = new PeerProbe(new ProbeSettings(timeoutSeconds, !options.dryRun()));
        this.why = why;
    }

    /**
     * The connection behind fd {@code fd} of process {@code pid}, described as the kernel reports it
     * (looked up by its tuple in its own namespace, where sockkill may).
     *
     * @throws Problem NO_SUCH_PROCESS for no such process or fd, or an fd that holds no socket;
     *         PERMISSION when its fds may not be read (both ways to gain the rights named)
     */
    public ProbeTarget targetOfFd(int pid, int fd) throws IOException, Problem {
        return targetOfFd(pid, fd, -1);
    }

    /**
     * As {@link #targetOfFd(int, int)}, only if the fd holds socket {@code expectedInode} (when it is
     * not -1, as {@code --inode} asks); otherwise NOT_FOUND, "socket already gone".
     */
    public ProbeTarget targetOfFd(int pid, int fd, long expectedInode) throws IOException, Problem {
        FdLink link = SocketFds.socket(proc, pid, fd, expectedInode, this::noRights);
        FdOwner owner = new FdOwner(pid, fd, proc.comm(pid));
        return target(owner, link.inode(), List.of(owner));
    }

    /**
     * The socket with inode {@code inode}, reached through one of the processes that hold it.
     *
     * @throws Problem NOT_FOUND when no process holds it (whether or not the kernel still has it)
     */
    public ProbeTarget targetOfInode(long inode) throws IOException, Problem {
        List<FdOwner> holders = SocketOwners.scanAll(proc).of(inode);
        if (holders.isEmpty()) {
            throw new Problem(Problem.Kind.NOT_FOUND, "no process holds a socket with inode " + inode + " (already "
                    + "gone?): --if-dead probes a connection through a duplicate of a holder's fd, so it needs one");
        }
        return target(holders.get(0), inode, holders);
    }

    /** A socket some thread of a diagnosed process waits on. */
    public static ProbeTarget targetOf(Diagnosis d, WaitedFd f) {
        FdOwner owner = new FdOwner(d.pid(), f.fd(), d.comm());
        return new ProbeTarget(d.pid(), f.fd(), f.socketInode(), new ListedSocket(f.socket().orElseThrow(),
                List.of(owner)));
    }

    private ProbeTarget target(FdOwner through, long inode, List<FdOwner> holders) throws IOException, Problem {
        SocketProbe.Facts facts;
        try (SocketProbe look = new SocketProbe(through.pid())) {
            facts = look.probe(through.fd(), inode);
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + through.pid());
        }
        if (facts.entry() == null) {
            if (facts.netid() == null && facts.note().contains("while sockkill looked")) {
                throw new Problem(Problem.Kind.NOT_FOUND, "socket already gone: fd " + through.fd() + " of pid "
                        + through.pid() + " was " + facts.note());
            }
            throw new Problem(Problem.Kind.UNSUPPORTED, "fd " + through.fd() + " of pid " + through.pid() + " is "
                    + (facts.netid() != null ? "a " + facts.netid().label() + " socket" : facts.note())
                    + ": it has no peer a keepalive probe could ask");
        }
        return new ProbeTarget(through.pid(), through.fd(), inode, new ListedSocket(facts.entry(), holders));
    }

    /**
     * Whether sockkill may destroy the socket behind fd {@code fd} of {@code pid}: CAP_NET_ADMIN over
     * the socket's network namespace (SIOCGSKNS on a duplicate of the fd checks exactly that), and,
     * when that namespace is not sockkill's own, the right to enter it. True when it cannot be told
     * (no duplicate of the fd): the kill itself then says what is missing.
     */
    public static boolean mayDestroy(int pid, int fd) throws IOException {
        try (ForeignFd dup = ForeignFd.take(pid, fd)) {
            int namespaceFd;
            try {
                namespaceFd = dup.openNamespace();
            } catch (NativeException e) {
                return !e.is(Errno.EPERM);
            }
            try (NetworkNamespace ns = NetworkNamespace.ofFile(Path.of("/proc/self/fd/" + namespaceFd))) {
                ns.run(() -> null);
                return true;
            } catch (NativeException e) {
                if (e.is(Errno.EPERM)) {
                    return false;
                }
                throw e;
            } finally {
                Native.close(namespaceFd);
            }
        } catch (NativeException e) {
            return true;
        }
    }

    /**
     * Whether sockkill has ptrace rights over {@code pid}, which a probe of its fd {@code fd} needs: a
     * duplicate of the fd can be taken. True where something else went wrong (the fd is closed, the
     * process gone): the probe then says so.
     */
    public static boolean mayProbe(int pid, int fd) throws IOException {
        try (ForeignFd dup = ForeignFd.take(pid, fd)) {
            return true;
        } catch (NativeException e) {
            return !(e.is(Errno.EPERM) || e.is(Errno.EACCES));
        }
    }

    /**
     * A refusal for lack of rights over {@code pid}, completed with the other way to gain them: a
     * user who is not root may run sockkill as the process's owner, whose probes need no capability.
     * (Root in a container is told which capability it lacks; that stays as it is.)
     */
    public Problem withOwnersWay(Problem refusal, int pid) {
        if (Capabilities.ofSelf().isRoot()) {
            return refusal;
        }
        String message = refusal.getMessage() + "; or run as its owner" + ownerOf(pid).map(u -> ", uid " + u)
                .orElse("") + " (who may probe its connections and free those whose peer is dead)";
        if (refusal instanceof SocketProblem sp) {
            return new SocketProblem(refusal.kind(), message, sp.socket().orElse(null));
        }
        return new Problem(refusal.kind(), message, refusal);
    }

    /** Probes every target at once, then kills those whose peer is dead. */
    public List<ProbedKill> kill(List<ProbeTarget> targets) throws IOException {
        List<ProbedKill> out = new ArrayList<>(targets.size());
        for (ProbeResult r : probe.probe(targets)) {
            out.add(settle(r));
        }
        return out;
    }

    /**
     * {@code match --if-dead}: probes each matched socket through one of its holders, then destroys
     * the silent ones that the kernel did not end itself, pipelined, in {@code session}.
     */
    public List<ProbedKill> killMatched(NamespaceSession session, List<ListedSocket> matched) throws IOException {
        List<ProbeTarget> targets = new ArrayList<>();
        List<Integer> probedAt = new ArrayList<>();
        ProbedKill[] out = new ProbedKill[matched.size()];
        SocketOwners everyone = null;
        for (int i = 0; i < matched.size(); i++) {
            ListedSocket l = matched.get(i);
            if (l.owners() == null) {
                // the selection did not look for holders: one walk over /proc finds them all
                if (everyone == null) {
                    everyone = SocketOwners.scanAll(proc);
                }
                l = new ListedSocket(l.socket(), everyone.of(l.socket().inode()));
            }
            if (l.owners().isEmpty()) {
                ProbeTarget t = new ProbeTarget(-1, -1, l.socket().inode(), l);
                out[i] = unproven(new ProbeResult(t, PeerVerdict.notProbed(PeerVerdict.Kind.NOT_PROBED,
                        "no process holds it (a connection not yet accepted, say), so there is no fd to probe it "
                                + "through"), null, null, ""));
                continue;
            }
            FdOwner o = l.owners().get(0);
            targets.add(new ProbeTarget(o.pid(), o.fd(), l.socket().inode(), l));
            probedAt.add(i);
        }
        List<ProbeResult> results = probe.probe(targets);
        List<ListedSocket> toDestroy = new ArrayList<>();
        List<Integer> destroyAt = new ArrayList<>();
        for (int k = 0; k < results.size(); k++) {
            ProbeResult r = results.get(k);
            int i = probedAt.get(k);
            if (r.verdict().kind() == PeerVerdict.Kind.SILENT && !options.dryRun()) {
                toDestroy.add(r.target().listed());
                destroyAt.add(k);
            } else {
                out[i] = settle(r);
            }
        }
        if (!toDestroy.isEmpty()) {
            List<BulkKill.Outcome> destroyed = BulkKill.destroy(session, toDestroy);
            for (int j = 0; j < destroyed.size(); j++) {
                int k = destroyAt.get(j);
                out[probedAt.get(k)] = afterDestroy(results.get(k), destroyed.get(j));
            }
        }
        return List.of(out);
    }

    private ProbedKill afterDestroy(ProbeResult r, BulkKill.Outcome o) throws IOException {
        ListedSocket l = r.target().listed();
        return switch (o.result()) {
            case KILLED -> killed(r, audited(new KillReport(target(r), KillOutcome.KILLED, l, r.words() + "; destroyed")));
            case GONE -> refused(r, new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: "
                    + SocketDestroyer.describe(l.socket()) + " closed before it could be destroyed (" + r.words() + ")", l));
            case FAILED -> o.kind() == Problem.Kind.PERMISSION ? silentNotDestroyed(r)
                    : refused(r, new SocketProblem(o.kind(), "could not kill " + SocketDestroyer.describe(l.socket())
                            + " (" + r.words() + "): " + o.message(), l));
        };
    }

    /**
     * The exit status as a problem kind: that of the first connection neither killed nor alive; else
     * nothing when something was killed (or found); else {@link Problem.Kind#ALIVE}. Empty means 0.
     */
    public static Optional<Problem.Kind> failure(List<ProbedKill> kills) {
        boolean killed = false;
        boolean alive = false;
        for (ProbedKill k : kills) {
            if (k.problem() == null) {
                killed = true;
            } else if (k.problem().kind() == Problem.Kind.ALIVE) {
                alive = true;
            } else {
                return Optional.of(k.problem().kind());
            }
        }
        return !killed && alive ? Optional.of(Problem.Kind.ALIVE) : Optional.empty();
    }

    ProbedKill settle(ProbeResult r) throws IOException {
        ListedSocket l = r.target().listed();
        String socket = SocketDestroyer.describe(l.socket());
        return switch (r.verdict().kind()) {
            case TIMED_OUT, RESET -> options.dryRun()
                    ? refused(r, new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: " + socket + " ("
                            + r.words() + ")", l))
                    : killed(r, audited(new KillReport(target(r), KillOutcome.KILLED, l, r.words())));
            case ANSWERED -> refused(r, new SocketProblem(Problem.Kind.ALIVE, "nothing was killed: the peer of " + socket
                    + " answered, so it is alive (" + r.words() + ")" + settingsWord(r) + aliveHint(r), l));
            case SILENT -> options.dryRun()
                    ? killed(r, new KillReport(target(r), KillOutcome.FOUND, l, "dry run: " + r.words()
                            + "; nothing was killed"))
                    : killSilent(r);
            case UNDECIDED, NOT_PROBED -> unproven(r);
            case GONE -> refused(r, new SocketProblem(Problem.Kind.NOT_FOUND, r.verdict().afterMillis() < 0
                    ? r.verdict().words() : "socket already gone: " + socket + " (" + r.words() + ")", l));
            case NO_RIGHTS -> refused(r, new SocketProblem(Problem.Kind.PERMISSION, noRights(r.target()), l));
        };
    }

    /** The peer is silent and the kernel did not end the connection: destroy it, or shut it down. */
    private ProbedKill killSilent(ProbeResult r) throws IOException {
        if (why == Why.ASKED) {
            ProbeTarget t = r.target();
            try {
                KillReport k = new SocketKiller(proc, options).killFd(t.pid(), t.fd(), t.inode());
                String detail = k.outcome() == KillOutcome.SHUT_DOWN ? r.words() + "; " + k.detail()
                        : r.words() + "; destroyed" + (k.detail().isEmpty() ? "" : " (" + k.detail() + ")");
                return killed(r, new KillReport(k.target(), k.outcome(), withHolders(k.socket(), t.listed()), detail));
            } catch (Problem p) {
                if (p.kind() != Problem.Kind.PERMISSION) {
                    return refused(r, p);
                }
            }
        }
        return silentNotDestroyed(r);
    }

    private ProbedKill silentNotDestroyed(ProbeResult r) throws IOException {
        if (options.shutdownFallback()) {
            return shutDown(r);
        }
        ListedSocket l = r.target().listed();
        return refused(r, new SocketProblem(Problem.Kind.PERMISSION, "the peer of " + SocketDestroyer.describe(l.socket())
                + " is silent (" + r.words() + "), but the kernel does not end a connection whose data waits to be "
                + "acknowledged or sent, and sockkill may not destroy it here (" + withoutRights() + "; run as root); "
                + "--fallback=shutdown shuts it down instead. Nothing was killed"
                + settingsWord(r), l));
    }

    /** Not proven dead (no probe could decide, or none could be made). */
    private ProbedKill unproven(ProbeResult r) throws IOException {
        ListedSocket l = r.target().listed();
        String socket = SocketDestroyer.describe(l.socket());
        if (why == Why.UNPRIVILEGED) {
            // never a shutdown here: this is one of several sockets, and nothing says it is the one
            return refused(r, new SocketProblem(Problem.Kind.PERMISSION, "nothing was killed: " + socket + " ("
                    + r.words() + "); " + withoutRights() + " sockkill ends only connections whose peer is proven dead: "
                    + "run as root to destroy it, or shut it down with 'sockkill " + target(r)
                    + " --fallback=shutdown'" + settingsWord(r), l));
        }
        return refused(r, new SocketProblem(Problem.Kind.UNSUPPORTED, "not killed: " + socket + " (" + r.words()
                + "); --if-dead kills only connections whose peer is proven dead (without it, sockkill kills it anyway)"
                + settingsWord(r), l));
    }

    /** shutdown(SHUT_RDWR) through a duplicate of the fd probed through: the opt-in, weaker way. */
    private ProbedKill shutDown(ProbeResult r) throws IOException {
        ProbeTarget t = r.target();
        ListedSocket l = t.listed();
        if (options.dryRun()) {
            return killed(r, new KillReport(target(r), KillOutcome.FOUND, l, "dry run: " + r.words()
                    + "; would shut it down through fd " + t.fd() + " of pid " + t.pid()));
        }
        try (ForeignFd dup = ForeignFd.take(t.pid(), t.fd())) {
            if (FdLink.socketInode(dup.linkTarget()) != t.inode()) {
                return refused(r, new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: fd " + t.fd()
                        + " of pid " + t.pid() + " no longer holds inode " + t.inode(), l));
            }
            dup.shutdown();
        } catch (NativeException e) {
            if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                return refused(r, new SocketProblem(Problem.Kind.PERMISSION, noRights(t), l));
            }
            if (e.is(Errno.ESRCH) || e.is(Errno.EBADF)) {
                return refused(r, new SocketProblem(Problem.Kind.NOT_FOUND, "socket already gone: pid " + t.pid()
                        + " closed fd " + t.fd(), l));
            }
            throw e;
        }
        return killed(r, audited(new KillReport(target(r), KillOutcome.SHUT_DOWN, l, r.words()
                + "; shut down, not destroyed: the process sees end-of-file rather than an error")));
    }

    /**
     * A kill this class did itself (the kernel's keepalive ended the connection, a pipelined destroy,
     * a shutdown), reported to the audit trail; kills through {@link SocketKiller} report themselves.
     */
    private KillReport audited(KillReport r) {
        options.audit().record(new KillAudit.Entry(r.target(), r.outcome() == KillOutcome.SHUT_DOWN
                ? KillAudit.Outcome.SHUT_DOWN : KillAudit.Outcome.KILLED, r.detail(), r.socket().socket(),
                r.socket().owners(), r.netns()));
        return r;
    }

    /** Neither ptrace rights (to probe) nor CAP_NET_ADMIN (to destroy): both ways named. */
    private String noRights(ProbeTarget t) {
        return noRights(t.pid());
    }

    private String noRights(int pid) {
        String owner = ownerOf(pid).map(uid -> "run as its owner, uid " + uid + ", or with CAP_SYS_PTRACE")
                .orElse("run as its owner, or with CAP_SYS_PTRACE");
        return "permission denied: sockkill may neither probe nor destroy the connections of pid " + pid + " ("
                + proc.comm(pid) + "): probing one needs ptrace rights over the process (" + owner + "), "
                + "destroying one needs CAP_NET_ADMIN in its network namespace (run as root)";
    }

    private Optional<Long> ownerOf(int pid) {
        try {
            return Optional.of(((Number) Files.getAttribute(proc.root().resolve(Integer.toString(pid)), "unix:uid"))
                    .longValue());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String aliveHint(ProbeResult r) {
        if (why != Why.UNPRIVILEGED) {
            return "";
        }
        return "; " + withoutRights() + " sockkill kills only connections whose peer is proven dead (with it, as "
                + "root has it, 'sockkill " + target(r) + "' kills it anyway)";
    }

    /**
     * "without CAP_NET_ADMIN": the right sockkill lacks to destroy sockets here, as far as its own
     * capabilities tell (CAP_SYS_ADMIN enters another network namespace; CAP_NET_ADMIN must be held
     * over the user namespace that owns the socket's).
     */
    private static String withoutRights() {
        Capabilities held = Capabilities.ofSelf();
        if (!held.has(Kernel.CAP_NET_ADMIN)) {
            return "without CAP_NET_ADMIN";
        }
        if (!held.has(Kernel.CAP_SYS_ADMIN)) {
            return "without CAP_SYS_ADMIN (to enter the network namespace of the socket)";
        }
        return "without CAP_NET_ADMIN over the network namespace of the socket";
    }

    /** "; its keepalive settings are as before" (or what is left changed). */
    private static String settingsWord(ProbeResult r) {
        if (r.restored() == null) {
            return "";
        }
        return r.restored() ? "; its keepalive settings are as before" : "";
    }

    private static String target(ProbeResult r) {
        ProbeTarget t = r.target();
        return t.pid() >= 0 ? "pid " + t.pid() + " fd " + t.fd() : "inode " + t.inode();
    }

    /** The report's socket as the kill saw it, with the holders the selection knew. */
    private static ListedSocket withHolders(ListedSocket fromKill, ListedSocket probed) {
        if (fromKill.owners() != null && !fromKill.owners().isEmpty() || probed.owners() == null) {
            return fromKill;
        }
        return new ListedSocket(fromKill.socket(), probed.owners());
    }

    private static ProbedKill killed(ProbeResult r, KillReport report) {
        return new ProbedKill(r, report, null);
    }

    private static ProbedKill refused(ProbeResult r, Problem p) {
        return new ProbedKill(r, null, p);
    }
}
