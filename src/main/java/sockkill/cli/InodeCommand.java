package sockkill.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sockkill.core.SocketKiller;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/** {@code sockkill inode N}: kill the socket whose inode is N. */
@Command(name = "inode", mixinStandardHelpOptions = true,
        description = {"Kill the socket whose inode is N (ss -e shows it as ino:N, /proc/PID/fd as socket:[N]).",
            "The kernel destroys it (SOCK_DESTROY): its process sees ECONNABORTED at once."},
        footer = ExitCodes.HELP)
public final class InodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "N", description = "The socket's inode.")
    String inode;

    @Mixin
    NamespaceOption namespace;

    @Option(names = "--all-netns", description = "Search every network namespace some process holds or a bind mount "
            + "keeps (/run/netns), each once; namespaces that vanish meanwhile are skipped, and ones that cannot be "
            + "looked into are named (exit 3) if the socket is not found.")
    boolean allNamespaces;

    @Mixin
    KillOptionsMixin kill;

    @Override
    public Integer call() throws Exception {
        long n = Numbers.parseInode(spec, inode);
        if (allNamespaces && namespace.given()) {
            throw new ParameterException(spec.commandLine(), "--netns and --all-netns exclude each other");
        }
        SocketKiller killer = new SocketKiller(ProcFs.system(), kill.toOptions());
        return KillOutput.run(spec.commandLine().getOut(), kill.json,
                json -> json.beginObject().field("inode", n).endObject(),
                () -> allNamespaces ? killer.killInodeAnywhere(n)
                        : killer.killInode(n, namespace.resolve(NetworkNamespace.current())));
    }
}
