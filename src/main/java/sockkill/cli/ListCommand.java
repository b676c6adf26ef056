package sockkill.cli;

import java.io.PrintWriter;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sockkill.core.DiscoveryNote;
import sockkill.core.Namespaces;
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
                + "JSON carries them exactly.",
            "ss's flags work as in ss where they apply: -n (always numeric), -a (every state: the default here), -l "
                + "(listening only), -p (owners: the default here), -e (inode, uid, cookie: always shown), -O, -H "
                + "(no header), -f, -A, -N NAME, and 'state STATE' / 'exclude STATE' words; those that mean nothing "
                + "here (-r, -o, -i, -m, -s, -K, ...) are refused with the reason.",
            "  sockkill list -tanp              TCP sockets in every state with their processes",
            "  sockkill list -tlnH              listening TCP sockets, no header",
            "  sockkill list -t state established exclude time-wait"},
        footer = ExitCodes.HELP)
public final class ListCommand extends QuickCommand {
    @Mixin
    FilterOptions filters = new FilterOptions();

    @Mixin
    NamespaceOption namespace = new NamespaceOption();

    @Mixin
    DiscoveryOption discovery = new DiscoveryOption();

    @Mixin
    SsHabits ss = new SsHabits();

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

    @Option(names = "--all-netns", description = "List every network namespace, each once: those processes live in "
            + "and those bind mounts keep (ip netns). A Netns column (JSON: netns {inode, name, pid}) says which: "
            + "its inode, and its 'ip netns' name or a pid living in it. Namespaces that could not be read are "
            + "reported after the listing (exit 3).")
    boolean allNamespaces;

    /** Notes already printed: with --all-netns each namespace would repeat them. */
    private final java.util.Set<String> notesShown = new java.util.HashSet<>();

    @Override
    public Integer call() throws Exception {
        ss.check(noOwners);
        ss.applyKinds(filters);
        SocketFilter filter = filters.toFilter();
        if (ss.choosesStates()) {
            filter = filter.withStates(ss.states(filters.states.isEmpty() ? 0 : filter.states()));
        }
        if (inode != null) {
            filter = filter.withInode(Numbers.parseInode(inode));
        }
        OwnerScope scope = OwnerScope.all();
        NetworkNamespace ns = NetworkNamespace.current();
        if (pid != null) {
            int p = Numbers.parse("--pid", pid);
            if (!ProcFs.system().exists(p)) {
                throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + p);
            }
            scope = OwnerScope.pid(p);
            ns = NetworkNamespace.ofPid(p);
        } else if (noOwners) {
            scope = OwnerScope.none();
        }
        if (allNamespaces && namespace.given()) {
            throw new UsageError("--netns and --all-netns exclude each other");
        }
        ns = namespace.resolve(ns);
        Namespaces where = allNamespaces ? Namespaces.all(ProcFs.system()) : Namespaces.one(ns);
        PrintWriter err = invocation().err();
        PrintWriter out = invocation().out();
        SocketTable table = json ? null : new SocketTable(scope.lookUp(), !ss.noHeader, allNamespaces);
        SocketJson.ArrayWriter array = json ? new SocketJson.ArrayWriter(out) : null;
        SocketListing.Lister lister = new SocketListing(ProcFs.system()).lister(scope);
        SocketFilter chosen = filter;
        where.forEach((session, netns) -> {
            if (allNamespaces) {
                if (json) {
                    array.inNamespace(netns);
                } else {
                    table.inNamespace(netns.label());
                }
            }
            SocketDiscovery found = session.discovery(discovery.mode(), note -> report(err, note));
            lister.list(found, chosen, json ? array : table, note -> report(err, note));
        });
        if (json) {
            array.finish();
        } else {
            table.writeTo(out);
        }
        StdoutWriter.flushOrFail(out);
        Optional<Problem> unsearched = where.unsearched();
        if (unsearched.isPresent()) {
            throw unsearched.get();
        }
        return ExitCodes.OK;
    }

    private void report(PrintWriter err, DiscoveryNote note) {
        boolean asked = note.netid() == null || filters.namesKinds() || invocation().verbose();
        if (asked && notesShown.add(note.text())) {
            err.println(TerminalText.escape("sockkill: note: " + note.text()));
        }
    }
}
