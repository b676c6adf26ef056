package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {
    @TempDir
    Path root;

    private FakeProc fake;
    private ProcFs proc;

    @BeforeEach
    void fakeProc() throws IOException {
        fake = new FakeProc(root)
                .process(1, "init")
                .process(42, "mutt")
                .fd(42, 0, "/dev/pts/3")
                .fd(42, 3, "socket:[12345]")
                .fd(42, 4, "/dev/null")
                .fd(42, 5, "pipe:[777]")
                .fd(42, 7, "socket:[67890]");
        Files.createDirectories(root.resolve("self"));
        Files.createDirectories(root.resolve("0"));
        Files.createDirectories(root.resolve("12345678901"));
        Files.writeString(root.resolve("uptime"), "1.0 2.0\n");
        proc = new ProcFs(root);
    }

    @AfterEach
    void removeLinks() throws IOException {
        fake.close();
    }

    @Test
    void pidsListsOnlyPositiveNumericEntries() throws IOException {
        List<Integer> pids = new ArrayList<>(proc.pids());
        pids.sort(null);

        assertEquals(List.of(1, 42), pids);
    }

    @Test
    void socketFdsVisitsOnlyTheSocketFdsWithTheirInodes() throws IOException {
        List<String> visited = new ArrayList<>();

        proc.socketFds(42, (pid, fd, inode) -> visited.add(pid + "/" + fd + "=" + inode));
        visited.sort(null);

        assertEquals(List.of("42/3=12345", "42/7=67890"), visited);
    }

    @Test
    void socketFdsOfAMissingProcessThrowsNoSuchProcess() {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                () -> proc.socketFds(999, (pid, fd, inode) -> { }));

        assertEquals(999, e.pid());
    }

    @Test
    void fdReadsWhatAnFdPointsAt() throws IOException {
        FdLink socket = proc.fd(42, 3);
        FdLink devNull = proc.fd(42, 4);

        assertEquals(new FdLink(42, 3, "socket:[12345]"), socket);
        assertEquals(12345, socket.inode());
        assertFalse(devNull.isSocket());
        assertEquals("/dev/null", devNull.target());
    }

    @Test
    void aMissingFdOfALiveProcessIsNoSuchFd() {
        NoSuchFdException e = assertThrows(NoSuchFdException.class, () -> proc.fd(42, 99));

        assertEquals("pid 42 has no fd 99", e.getMessage());
    }

    @Test
    void anFdOfAMissingProcessIsNoSuchProcess() {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> proc.fd(999, 3));

        assertEquals(999, e.pid());
    }

    @Test
    void commIsTheNameWithoutItsNewlineOrAQuestionMarkWhenGone() {
        assertEquals("mutt", proc.comm(42));
        assertEquals("?", proc.comm(999));
    }

    @Test
    void aCommWithInvalidUtf8StillShowsWithTheBadBytesVisible() throws IOException {
        // what prctl(PR_SET_NAME) allows: any bytes but NUL, here an ESC sequence, a newline and a lone 0xff
        byte[] name = {0x1b, '[', '3', '1', 'm', 'x', '\n', 'y', (byte) 0xff, 'z', '\n'};
        Files.write(root.resolve("42/comm"), name);

        assertEquals("\u001b[31mx\ny\ufffdz", proc.comm(42));
    }

    @Test
    void aCommCutInTheMiddleOfAUtf8CharacterKeepsTheRest() throws IOException {
        // 15 bytes: the kernel truncated "ab" + seven two-byte letters in the middle of the last one
        byte[] name = {'a', 'b', (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, (byte) 0xa9,
            (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, '\n'};
        Files.write(root.resolve("42/comm"), name);

        assertEquals("ab\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\ufffd", proc.comm(42));
    }

    @Test
    void existsOnlyForPidDirectories() {
        assertTrue(proc.exists(42));
        assertFalse(proc.exists(999));
    }

    @Test
    void theNetnsFileIsUnderThePidDirectory() {
        assertEquals(root.resolve("42/ns/net"), proc.netnsFile(42));
    }

    @Test
    void aThreadIdLeadsToItsProcessAndAProcessToItself() throws IOException {
        // what /proc/TID/status says of a thread (Tgid is its process), and of a process's own pid
        Files.writeString(root.resolve("42").resolve("status"), "Name:\tmutt\nUmask:\t0022\nState:\tS (sleeping)\n"
                + "Tgid:\t42\nNgid:\t0\nPid:\t42\nPPid:\t1\n");
        Files.createDirectories(root.resolve("43"));
        Files.writeString(root.resolve("43").resolve("status"), "Name:\tworker\nTgid:\t42\nPid:\t43\n");

        assertEquals(42, proc.threadGroup(43).getAsInt());
        assertEquals(42, proc.threadGroup(42).getAsInt());
        assertTrue(proc.threadGroup(999).isEmpty(), "no such task");
    }

    @Test
    void mountInfoIsTheProcessOwn() {
        assertEquals(root.resolve("self/mountinfo"), proc.mountInfo());
    }
}
