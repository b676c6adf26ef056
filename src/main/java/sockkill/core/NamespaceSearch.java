package sockkill.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import sockkill.proc.NetnsHolders;
import sockkill.proc.NetnsMounts;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/**
 * The network namespaces {@code --all-netns} searches, each once: sockkill's own, every one a
 * process lives in, and every one a bind mount keeps (/run/netns/NAME and the like), where no
 * process need live. Namespaces come and go while the search runs: one that vanishes before it is
 * reached is skipped (another pid in it is tried first), and one sockkill may not look into is
 * remembered, so that a socket not found is not reported as gone when it may merely be hidden.
 */
final class NamespaceSearch {
    /** A namespace, by its nsfs inode, and the files that may still name it, tried in order. */
    record Candidate(long inode, List<Path> files, String description) {
    }

    /** What to do in one namespace: a result ends the search. */
    @FunctionalInterface
    interface Visitor<T> {
        Optional<T> visit(NamespaceSession session) throws IOException, Problem;
    }

    /** What there is to search, from one pass over /proc and /proc/self/mountinfo; a batch keeps it a while. */
    record Plan(long ours, List<Candidate> candidates, List<Integer> unreadablePids) {
        static Plan scan(ProcFs proc) throws IOException {
            long ours = NetworkNamespace.current().inode();
            Map<Long, Candidate> byInode = new LinkedHashMap<>();
            NetnsHolders holders = NetnsHolders.scan(proc);
            holders.namespaces().forEach((inode, pids) -> {
                if (inode != ours) {
                    List<Path> files = pids.stream().map(proc::netnsFile).toList();
                    byInode.put(inode, new Candidate(inode, files, "the network namespace of pid " + pids.get(0)));
                }
            });
            for (NetnsMounts.Mount m : NetnsMounts.scan(proc)) {
                if (m.inode() == ours) {
                    continue;
                }
                Candidate known = byInode.get(m.inode());
                if (known == null) {
                    byInode.put(m.inode(), new Candidate(m.inode(), List.of(m.file()), "network namespace " + m.file()));
                } else {
                    // processes come and go; a mount stays: try it after them
                    List<Path> files = new ArrayList<>(known.files());
                    files.add(m.file());
                    byInode.put(m.inode(), new Candidate(m.inode(), files, known.description()));
                }
            }
            return new Plan(ours, List.copyOf(byInode.values()), holders.unreadable());
        }
    }

    private final long ours;
    private final List<Candidate> candidates;
    private final List<Integer> unreadablePids;
    /** Namespaces visited (searched, or tried and refused), by nsfs inode. */
    private final Set<Long> searched = new HashSet<>();
    private int searchedThrough;
    private final List<String> denied = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private boolean deniedSysAdmin;

    NamespaceSearch(Plan plan) {
        this.ours = plan.ours();
        this.candidates = plan.candidates();
        this.unreadablePids = plan.unreadablePids();
    }

    /** Every namespace reachable now. */
    static NamespaceSearch scan(ProcFs proc) throws IOException {
        return new NamespaceSearch(Plan.scan(proc));
    }

    /** Counts {@code namespaceInode} as searched already (the caller looked there itself). */
    void markSearched(long namespaceInode) {
        searched.add(namespaceInode);
    }

    /** How many namespaces were searched through. */
    int searchedCount() {
        return searchedThrough;
    }

    boolean wasSearched(long namespaceInode) {
        return searched.contains(namespaceInode);
    }

    /**
     * Visits sockkill's own namespace, then each candidate that can still be opened, until one
     * yields a result. A namespace that vanishes is skipped; one that may not be opened or entered
     * is noted (see {@link #notFound}); any other failure there is noted too, and the search goes on:
     * the answer is about the socket asked for, not about unrelated namespaces.
     */
    <T> Optional<T> search(Visitor<T> visitor) throws IOException, Problem {
        Optional<T> hit = visitOurs(visitor);
        if (hit.isPresent()) {
            return hit;
        }
        for (Candidate c : candidates) {
            if (searched.contains(c.inode())) {
                continue;
            }
            Optional<NetworkNamespace> ns;
            try {
                ns = open(c);
            } catch (AccessDeniedException e) {
                denied.add(c.description());
                continue;
            }
            if (ns.isEmpty()) {
                continue;
            }
            hit = visit(ns.get(), c.inode(), visitor);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** Visits one namespace found some other way (a socket's own, through SIOCGSKNS); closes it. */
    <T> Optional<T> visitExtra(NetworkNamespace ns, Visitor<T> visitor) throws IOException, Problem {
        long inode = ns.inode();
        if (searched.contains(inode)) {
            ns.close();
            return Optional.empty();
        }
        return visit(ns, inode, visitor);
    }

    private <T> Optional<T> visitOurs(Visitor<T> visitor) throws IOException, Problem {
        if (searched.contains(ours)) {
            return Optional.empty();
        }
        return visit(NetworkNamespace.current(), ours, visitor);
    }

    private static Optional<NetworkNamespace> open(Candidate c) throws IOException {
        AccessDeniedException refused = null;
        for (Path file : c.files()) {
            try {
                Optional<NetworkNamespace> ns = NetworkNamespace.openIfStill(file, c.inode(), c.description());
                if (ns.isPresent()) {
                    return ns;
                }
            } catch (AccessDeniedException e) {
                refused = e;
            }
        }
        if (refused != null) {
            throw refused;
        }
        return Optional.empty();
    }

    private <T> Optional<T> visit(NetworkNamespace ns, long inode, Visitor<T> visitor) throws IOException, Problem {
        searched.add(inode);
        try (NamespaceSession session = NamespaceSession.open(ns)) {
            Optional<T> result = visitor.visit(session);
            searchedThrough++;
            return result;
        } catch (IOException e) {
            if (NamespaceSession.isDenied(e)) {
                denied.add(ns.toString());
                deniedSysAdmin |= e.getMessage() != null && e.getMessage().startsWith("setns");
            } else if (!NamespaceSession.isGone(ns, e)) {
                failed.add(ns + ": " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    /**
     * The answer when the socket was nowhere: exit 3 when some namespace could not be looked into
     * (the socket may be there), 70 when searching one failed otherwise, else 1.
     */
    Problem notFound(String what) {
        String searchedText = searchedThrough + (searchedThrough == 1 ? " network namespace" : " network namespaces")
                + " searched";
        List<String> hidden = hidden();
        if (!hidden.isEmpty()) {
            return new Problem(Problem.Kind.PERMISSION, "no " + what + " in the " + searchedText + ", but "
                    + String.join("; ", hidden));
        }
        if (!failed.isEmpty()) {
            return new Problem(Problem.Kind.INTERNAL, "no " + what + " in the " + searchedText + "; searching "
                    + sample(failed));
        }
        return new Problem(Problem.Kind.NOT_FOUND, "no " + what + " in any network namespace (" + searchedText
                + "): it is gone");
    }

    /**
     * After a walk through every namespace ({@code list}, {@code match --all-netns}): the namespaces
     * that could not be looked into (exit 3) or failed otherwise (70), empty when every one was searched.
     */
    Optional<Problem> unsearched() {
        List<String> hidden = hidden();
        String searchedText = searchedThrough + (searchedThrough == 1 ? " network namespace" : " network namespaces")
                + " searched";
        if (!hidden.isEmpty()) {
            return Optional.of(new Problem(Problem.Kind.PERMISSION, searchedText + ", but "
                    + String.join("; ", hidden)));
        }
        if (!failed.isEmpty()) {
            return Optional.of(new Problem(Problem.Kind.INTERNAL, searchedText + "; searching " + sample(failed)));
        }
        return Optional.empty();
    }

    /** Why some namespaces could not be looked into, one phrase per reason; empty when all could. */
    private List<String> hidden() {
        Privileges privileges = Privileges.ofSelf();
        List<String> hidden = new ArrayList<>();
        if (!unreadablePids.isEmpty()) {
            hidden.add("the network namespaces of " + count(unreadablePids.size(), "process", "processes") + " ("
                    + sample(unreadablePids.stream().map(p -> "pid " + p).toList()) + ") could not be read: "
                    + privileges.needsPtrace("to see other users' processes' namespaces"));
        }
        if (!denied.isEmpty()) {
            hidden.add(count(denied.size(), "namespace", "namespaces") + " could not be "
                    + (deniedSysAdmin ? "entered" : "opened") + " (" + sample(denied) + "): "
                    + (deniedSysAdmin ? privileges.needsSysAdmin("them")
                            : privileges.needsPtrace("to open other users' namespaces")));
        }
        return hidden;
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String sample(List<String> items) {
        int shown = Math.min(5, items.size());
        String head = String.join(", ", items.subList(0, shown));
        return items.size() > shown ? head + " and " + (items.size() - shown) + " more" : head;
    }
}
