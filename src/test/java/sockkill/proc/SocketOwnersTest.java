package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketOwnersTest {
    @TempDir
    Path root;

    private FakeProc fake;
    private ProcFs proc;

    @BeforeEach
    void fakeProc() throws IOException {
        fake = new FakeProc(root)
                .process(1, "init")
                .fd(1, 9, "socket:[500]")
                .process(42, "mutt")
                .fd(42, 3, "socket:[12345]")
                .fd(42, 4, "/dev/null")
                .fd(42, 6, "socket:[500]")       // inherited from pid 1: two holders
                .process(43, "mutt")
                .fd(43, 3, "socket:[12345]");    // and a forked child holding the same socket
        // a process that exited between the directory listing and the fd walk: no fd/ left
        Files.createDirectories(root.resolve("77"));
        proc = new ProcFs(root);
    }

    @AfterEach
    void removeLinks() throws IOException {
        fake.close();
    }

    @Test
    void scanAllMapsEachSocketInodeToEveryHolder() throws IOException {
        SocketOwners owners = SocketOwners.scanAll(proc);

        assertEquals(2, owners.size());
        assertEquals(List.of(new FdOwner(42, 3, "mutt"), new FdOwner(43, 3, "mutt")), sorted(owners.of(12345)));
        assertEquals(List.of(new FdOwner(1, 9, "init"), new FdOwner(42, 6, "mutt")), sorted(owners.of(500)));
    }

    @Test
    void scanAllPassesOverAProcessThatVanished() throws IOException {
        assertTrue(SocketOwners.scanAll(proc).holds(500));
    }

    @Test
    void anInodeNobodyHoldsHasNoOwners() throws IOException {
        SocketOwners owners = SocketOwners.scanAll(proc);

        assertEquals(List.of(), owners.of(999));
        assertEquals(List.of(), owners.of(0));
        assertFalse(owners.holds(999));
    }

    @Test
    void scanPidLooksAtThatProcessOnly() throws IOException {
        SocketOwners owners = SocketOwners.scanPid(proc, 42);

        assertEquals(List.of(new FdOwner(42, 3, "mutt")), owners.of(12345));
        assertEquals(List.of(new FdOwner(42, 6, "mutt")), owners.of(500));
    }

    @Test
    void scanPidOfAMissingProcessThrows() {
        assertEquals(999, assertThrows(NoSuchProcessException.class, () -> SocketOwners.scanPid(proc, 999)).pid());
        assertThrows(NoSuchProcessException.class, () -> SocketOwners.scanPid(proc, 77));
    }

    @Test
    void noneHoldsNothing() {
        assertEquals(0, SocketOwners.none().size());
        assertFalse(SocketOwners.none().holds(12345));
    }

    private static List<FdOwner> sorted(List<FdOwner> owners) {
        List<FdOwner> out = new ArrayList<>(owners);
        out.sort(Comparator.comparingInt(FdOwner::pid).thenComparingInt(FdOwner::fd));
        return out;
    }
}
