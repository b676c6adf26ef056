package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sockkill.sys.NetworkNamespace;

/**
 * The --all-netns walk: namespaces that vanished are skipped without a word; a socket not found
 * while some namespaces could not be looked into is a permission problem (exit 3), not "gone".
 */
class NamespaceSearchTest {
    @TempDir
    Path dir;

    private static long ours() throws Exception {
        return NetworkNamespace.current().inode();
    }

    @Test
    void vanishedNamespacesAreSkippedAndTheAnswerIsNotFound() throws Exception {
        // two namespaces whose processes exited before the search reached them
        NamespaceSearch.Candidate gone1 = new NamespaceSearch.Candidate(4026539001L,
                List.of(dir.resolve("1/ns/net"), dir.resolve("2/ns/net")), "the network namespace of pid 1");
        NamespaceSearch.Candidate gone2 = new NamespaceSearch.Candidate(4026539002L, List.of(dir.resolve("run/x")),
                "network namespace /run/netns/x");
        NamespaceSearch search = new NamespaceSearch(new NamespaceSearch.Plan(ours(), List.of(gone1, gone2), List.of()));
        AtomicInteger visits = new AtomicInteger();

        Optional<String> hit = search.search(session -> {
            visits.incrementAndGet();
            return Optional.empty();
        });

        assertTrue(hit.isEmpty());
        assertEquals(1, visits.get(), "only our own namespace was there to search");
        Problem p = search.notFound("socket with inode 5");
        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertEquals("no socket with inode 5 in any network namespace (1 network namespace searched): it is gone",
                p.getMessage());
    }

    @Test
    void namespacesThatCouldNotBeReadMakeANotFoundAPermissionProblem() throws Exception {
        NamespaceSearch search = new NamespaceSearch(new NamespaceSearch.Plan(ours(), List.of(), List.of(1, 77, 78)));
        search.search(session -> Optional.empty());

        Problem p = search.notFound("socket with inode 5");

        assertEquals(Problem.Kind.PERMISSION, p.kind());
        assertTrue(p.getMessage().startsWith("no socket with inode 5 in the 1 network namespace searched, but the "
                + "network namespaces of 3 processes (pid 1, pid 77, pid 78) could not be read: needs CAP_SYS_PTRACE"),
                p.getMessage());
    }

    @Test
    void theFirstHitEndsTheSearch() throws Exception {
        NamespaceSearch search = new NamespaceSearch(new NamespaceSearch.Plan(ours(), List.of(), List.of()));

        Optional<String> hit = search.search(session -> Optional.of("found in " + session.namespace()));

        assertEquals(Optional.of("found in sockkill's own network namespace"), hit);
    }
}
