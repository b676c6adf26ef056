package sockkill.cli;

import java.util.OptionalLong;
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

/** {@code sockkill pid P fd F}: kill the socket behind fd F of process P. */
@Command(name = "pid", mixinStandardHelpOptions = true,
        customSynopsis = "sockkill pid P fd F [--inode N] [--dry-run] [--fallback=none|shutdown] [--json] [--verbose]",
        description = {"Kill the socket behind file descriptor F of process P (what strace or /proc/P/fd show "
                + "it blocked on), in the network namespace it lives in.",
            "The kernel destroys it (SOCK_DESTROY): the process sees ECONNABORTED at once."},
        footer = ExitCodes.HELP)
public final class PidCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "P", description = "The process id.")
    String pid;

    @Parameters(index = "1", paramLabel = "fd", description = "The word 'fd'.")
    String fdKeyword;

    @Parameters(index = "2", paramLabel = "F", description = "The file descriptor number.")
    String fd;

    @Option(names = "--inode", paramLabel = "N",
            description = "Kill only if fd F still holds socket inode N (as 'list' or a first run showed it); "
                    + "otherwise kill nothing and exit 1. A client that reconnects after a kill often gets the same "
                    + "fd number back: without this guard, running the same command again kills the new connection.")
    String inode;

    @Mixin
    KillOptionsMixin kill;

    @Override
    public Integer call() throws Exception {
        if (!fdKeyword.equals("fd")) {
            throw new ParameterException(spec.commandLine(), "expected 'pid P fd F', found '" + fdKeyword
                    + "' where 'fd' belongs");
        }
        int p = Numbers.parse(spec, "pid", pid);
        int f = Numbers.parseFd(spec, fd);
        OptionalLong expected = inode == null ? OptionalLong.empty() : OptionalLong.of(Numbers.parseInode(spec, inode));
        return KillOutput.run(spec.commandLine().getOut(), kill.json,
                json -> json.beginObject().field("pid", p).field("fd", f).endObject(),
                () -> new SocketKiller(ProcFs.system(), kill.toOptions()).killFd(p, f, expected));
    }
}
