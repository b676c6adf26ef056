package sockkill.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sockkill.core.DiscoveryNote;
import sockkill.core.NamespaceSession;
import sockkill.core.OwnerScope;
import sockkill.core.Problem;
import sockkill.core.SocketDiscovery;
import sockkill.core.SocketFilter;
import sockkill.core.SocketListing;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/** {@code sockkill list}: what ss -tuanpe shows, each socket with the processes that hold it. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List sockets with their state, addresses, inode, uid, cookie and owning processes.",
            "With no kind given, every kind is listed: TCP, UDP, UDP-Lite, MPTCP, raw and UNIX. sockkill's own "
                + "sockets are left out, as ss does. The uid of TIME-WAIT and SYN-RECV entries is unknown ('-', "
                + "JSON null): the kernel says 0 for them. Names others chose are shown escaped (\\n, \\e, \\xHH); "
                + "JSON carries them exactly."},
        footer = ExitCodes.HELP)
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FilterOptions filters;

    @Mixin
    NamespaceOption namespace;

    @Mixin
    DiscoveryOption discovery;

    @Option(names = "--pid", paramLabel = "PID",
            description = "Only the sockets process PID holds; reads no other process's fds. Implies PID's "
                    + "network namespace unless --netns is given.")
    String pid;

    @Option(names = "--inode", paramLabel = "N", description = "Only the socket with inode N.")
    String inode;

    @Option(names = "--no-owners", description = "Do not look up owning processes (skips the walk over /proc).")
    boolean noOwners;

    @Option(names = "--json", description = "Print one JSON array of objects (fields in README) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SocketFilter filter = filters.toFilter();
        if (inode != null) {
            filter = filter.withInode(Numbers.parseInode(spec, inode));
        }
        OwnerScope scope = OwnerScope.all();
        NetworkNamespace ns = NetworkNamespace.current();
        if (pid != null) {
            int p = Numbers.parse(spec, "--pid", pid);
            if (!ProcFs.system().exists(p)) {
                throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + p);
            }
            scope = OwnerScope.pid(p);
            ns = NetworkNamespace.ofPid(p);
        } else if (noOwners) {
            scope = OwnerScope.none();
        }
        ns = namespace.resolve(ns);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        SocketTable table = json ? null : new SocketTable(scope.lookUp());
        SocketJson.ArrayWriter array = json ? new SocketJson.ArrayWriter(out) : null;
        try (NamespaceSession session = NamespaceSession.open(ns)) {
            SocketDiscovery found = session.discovery(discovery.mode(), note -> report(err, note));
            new SocketListing(ProcFs.system()).list(found, filter, scope, json ? array : table,
                    note -> report(err, note));
        } catch (IOException e) {
            throw NamespaceSession.explain(ns, e);
        }
        if (json) {
            array.finish();
        } else {
            table.writeTo(out);
        }
        StdoutWriter.flushOrFail(out);
        return ExitCodes.OK;
    }

    private void report(PrintWriter err, DiscoveryNote note) {
        boolean asked = note.netid() == null || filters.namesKinds() || verbose();
        if (asked) {
            err.println(TerminalText.escape("sockkill: note: " + note.text()));
        }
    }

    private boolean verbose() {
        return spec.commandLine().getParseResult().hasMatchedOption("--verbose");
    }
}
