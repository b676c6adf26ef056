package sockkill.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import sockkill.proc.NetnsMounts;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/**
 * The network namespaces a {@code list} or {@code match} works in: one (sockkill's own, a
 * process's, a file's), or with {@code --all-netns} every one, each once: those processes live in
 * and those bind mounts keep (the walk of {@link NamespaceSearch}, so a namespace that vanishes
 * meanwhile is skipped and one that cannot be looked into is reported afterwards). Each is named
 * for reports by a {@link NetnsRef}.
 */
public final class Namespaces {
    /** What to do in each namespace. */
    @FunctionalInterface
    public interface Visitor {
        void visit(NamespaceSession session, NetnsRef netns) throws IOException, Problem;
    }

    private static final Path IP_NETNS = Path.of("/run/netns");

    private final NetworkNamespace one;
    private final ProcFs proc;
    private NamespaceSearch search;

    private Namespaces(NetworkNamespace one, ProcFs proc) {
        this.one = one;
        this.proc = proc;
    }

    /** Just {@code namespace}. */
    public static Namespaces one(NetworkNamespace namespace) {
        return new Namespaces(namespace, null);
    }

    /** Every network namespace reachable when {@link #forEach} runs. */
    public static Namespaces all(ProcFs proc) {
        return new Namespaces(null, proc);
    }

    public boolean isAll() {
        return one == null;
    }

    /**
     * Visits each namespace. With one namespace, a failure to reach it is the Problem that says what
     * to do; with all, a namespace that cannot be reached is skipped and {@link #unsearched} says so
     * afterwards, while a Problem the visitor throws ends the walk.
     */
    public void forEach(Visitor visitor) throws IOException, Problem {
        if (one != null) {
            NetnsRef ref = refOf(one);
            try (NamespaceSession session = NamespaceSession.open(one)) {
                visitor.visit(session, ref);
            } catch (IOException e) {
                Exception explained = NamespaceSession.explain(one, e);
                if (explained instanceof Problem p) {
                    throw p;
                }
                throw e;
            }
            return;
        }
        NamespaceSearch.Plan plan = NamespaceSearch.Plan.scan(proc);
        Map<Long, NetnsRef> refs = refs(plan);
        search = new NamespaceSearch(plan);
        search.search(session -> {
            long inode = session.namespace().inode();
            visitor.visit(session, refs.getOrDefault(inode, new NetnsRef(inode, null, 0)));
            return Optional.empty();
        });
    }

    /** After {@link #forEach} over all: the namespaces that could not be searched, as the Problem to report. */
    public Optional<Problem> unsearched() {
        return search == null ? Optional.empty() : search.unsearched();
    }

    /** How many namespaces {@link #forEach} searched. */
    public int searchedCount() {
        return search == null ? 1 : search.searchedCount();
    }

    /** Names for every namespace of the plan: an 'ip netns' name where one is mounted, a pid living there. */
    private Map<Long, NetnsRef> refs(NamespaceSearch.Plan plan) throws IOException {
        Map<Long, NetnsRef> refs = new HashMap<>();
        for (NamespaceSearch.Candidate c : plan.candidates()) {
            String name = null;
            int pid = 0;
            for (Path f : c.files()) {
                if (name == null) {
                    name = ipNetnsName(f);
                }
                if (pid == 0) {
                    pid = pidOf(f);
                }
            }
            refs.put(c.inode(), new NetnsRef(c.inode(), name, pid));
        }
        // our own namespace is not among the candidates: its name from the mounts, pid 1 if it lives here
        String ourName = null;
        for (NetnsMounts.Mount m : NetnsMounts.scan(proc)) {
            if (m.inode() == plan.ours() && ourName == null) {
                ourName = ipNetnsName(m.file());
            }
        }
        refs.put(plan.ours(), new NetnsRef(plan.ours(), ourName, inodeOf(proc.netnsFile(1)) == plan.ours() ? 1 : 0));
        return refs;
    }

    /** The report's name for one namespace given by file or pid. */
    static NetnsRef refOf(NetworkNamespace ns) throws IOException {
        long inode;
        try {
            inode = ns.inode();
        } catch (IOException e) {
            // not reachable: the visit will say why
            return new NetnsRef(0, null, 0);
        }
        return new NetnsRef(inode, ipNetnsName(ns.file()), pidOf(ns.file()));
    }

    /** NAME for /run/netns/NAME, else null. */
    static String ipNetnsName(Path file) {
        return file.getParent() != null && file.getParent().equals(IP_NETNS) && file.getFileName() != null
                ? file.getFileName().toString() : null;
    }

    /** PID for /proc/PID/ns/net, else 0. */
    static int pidOf(Path file) {
        if (file.getNameCount() == 4 && file.startsWith("/proc") && file.endsWith("ns/net")) {
            String digits = file.getName(1).toString();
            if (Digits.isDecimal(digits) && digits.length() < 10) {
                return Integer.parseInt(digits);
            }
        }
        return 0;
    }

    private static long inodeOf(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
