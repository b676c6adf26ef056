package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sockkill.core.DeadPeerKiller;
import sockkill.core.ProbeTarget;
import sockkill.core.SocketKiller;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/** {@code sockkill inode N}: kill the socket whose inode is N. */
@Command(name = "inode", mixinStandardHelpOptions = true,
        description = {"Kill the socket whose inode is N (ss -e shows it as ino:N, /proc/PID/fd as socket:[N]).",
            "The kernel destroys it (SOCK_DESTROY): its process sees ECONNABORTED at once.",
            "With --if-dead the connection is probed first, through a duplicate of the fd of a process that holds "
                + "it (found in /proc, in whatever network namespace), and killed only if its peer does not answer "
                + "(exit 8 if it does)."},
        footer = ExitCodes.HELP)
public final class InodeCommand extends QuickCommand {
    @Parameters(index = "0", paramLabel = "N", description = "The socket's inode.")
    String inode;

    @Mixin
    NamespaceOption namespace = new NamespaceOption();

    @Option(names = "--all-netns", description = "Search every network namespace some process holds or a bind mount "
            + "keeps (/run/netns), each once; namespaces that vanish meanwhile are skipped, and ones that cannot be "
            + "looked into are named (exit 3) if the socket is not found.")
    boolean allNamespaces;

    @Option(names = "--if-dead", description = "Probe the connection first (TCP keepalive, through a holder's fd) and "
            + "kill it only if its peer does not answer: the kernel ends it (ETIMEDOUT). A peer that answers leaves it "
            + "as it was (exit 8).")
    boolean ifDead;

    @Mixin
    ProbeTimeoutOption probeTimeout = new ProbeTimeoutOption();

    @Mixin
    KillOptionsMixin kill = new KillOptionsMixin();

    @Override
    public Integer call() throws Exception {
        long n = Numbers.parseInode(inode);
        if (allNamespaces && namespace.given()) {
            throw new UsageError("--netns and --all-netns exclude each other");
        }
        KillOutput.Target byInode = json -> json.beginObject().field("inode", n).endObject();
        if (ifDead) {
            return probed(n, probeTimeout.seconds(), byInode);
        }
        if (probeTimeout.given()) {
            throw new UsageError("--probe-timeout goes with --if-dead");
        }
        SocketKiller killer = new SocketKiller(ProcFs.system(), kill.toOptions(invocation()));
        return KillOutput.run(invocation().out(), kill.json, byInode,
                () -> allNamespaces ? killer.killInodeAnywhere(n)
                        : killer.killInode(n, namespace.resolve(NetworkNamespace.current())));
    }

    /** inode N --if-dead: probed through a holder's fd, killed only if its peer is dead. */
    private int probed(long n, int timeout, KillOutput.Target byInode) throws Exception {
        PrintWriter out = invocation().out();
        DeadPeerKiller killer = new DeadPeerKiller(ProcFs.system(), kill.toOptions(invocation()), timeout,
                DeadPeerKiller.Why.ASKED);
        ProbeTarget target;
        try {
            target = killer.targetOfInode(n);
        } catch (Exception e) {
            if (kill.json) {
                KillOutput.failure(out, e, byInode);
            }
            throw e;
        }
        return ProbedOutput.print(out, invocation().err(), kill.json, killer.kill(List.of(target)),
                k -> byInode, null);
    }
}
