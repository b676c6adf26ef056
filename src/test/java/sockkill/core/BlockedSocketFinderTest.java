package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sockkill.proc.FdKind;
import sockkill.proc.ProcFs;
import sockkill.proc.SyscallTable;

/**
 * The finder over a /proc tree in a temporary directory: threads in calls on one fd or on an epoll
 * set, a thread that exits between the listing and the read, registrations whose fd was replaced.
 * (Sockets and memory need a real process: UnstickIT.)
 */
class BlockedSocketFinderTest {
    private static final SyscallTable TABLE = SyscallTable.host().orElseThrow();

    @TempDir
    Path root;

    private static long number(String call) {
        for (long n = 0; n < 1024; n++) {
            if (TABLE.name(n).equals(call)) {
                return n;
            }
        }
        throw new AssertionError(call + " is not a call of " + TABLE.arch());
    }

    private static String syscallLine(String call, long... args) {
        StringBuilder b = new StringBuilder().append(number(call));
        for (int i = 0; i < 6; i++) {
            b.append(" 0x").append(Long.toHexString(i < args.length ? args[i] : 0));
        }
        return b.append(" 0x7ffd71345a18 0x7f2e083a82ad\n").toString();
    }

    private Path process(int pid, String comm, String state) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.createDirectories(dir.resolve("fd"));
        Files.createDirectories(dir.resolve("fdinfo"));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nState:\t" + state + "\nTgid:\t" + pid
                + "\nPid:\t" + pid + "\nVmSize:\t 1000 kB\nKthread:\t0\n");
        return dir;
    }

    private void thread(int pid, int tid, String comm, String syscall) throws IOException {
        Path task = Files.createDirectories(root.resolve(Integer.toString(pid)).resolve("task")
                .resolve(Integer.toString(tid)));
        Files.writeString(task.resolve("comm"), comm + "\n");
        if (syscall != null) {
            Files.writeString(task.resolve("syscall"), syscall);
        }
        if (tid != pid) {
            // /proc/TID exists too, unlisted, with the process's Tgid
            Path alias = Files.createDirectories(root.resolve(Integer.toString(tid)));
            Files.writeString(alias.resolve("status"), "Name:\t" + comm + "\nState:\tS (sleeping)\nTgid:\t" + pid
                    + "\nPid:\t" + tid + "\nVmSize:\t 1000 kB\n");
        }
    }

    private void fd(int pid, int fd, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(Integer.toString(pid)).resolve("fd").resolve(Integer.toString(fd)),
                Path.of(target));
    }

    private Diagnosis diagnose(int id) throws Exception {
        return new BlockedSocketFinder(new ProcFs(root)).diagnose(id);
    }

    @Test
    void eachThreadIsReadAndAThreadThatExitedMeanwhileIsGone() throws Exception {
        process(4242, "mutt", "S (sleeping)");
        thread(4242, 4242, "mutt", syscallLine("futex", 0x7f00, 0x80));
        thread(4242, 4243, "reader", syscallLine("read", 0, 0x7f1000, 0x400));
        thread(4242, 4244, "done", null); // listed, then gone before its syscall file was read
        thread(4242, 4245, "calc", "-1 0x7ffd71345a18 0x55d0c1a3b12f\n");
        thread(4242, 4246, "spin", "running\n"); // on a CPU every time it is looked at
        fd(4242, 0, "/dev/pts/1");

        Diagnosis d = diagnose(4242);

        assertEquals(List.of(ThreadWait.State.IN_SYSCALL, ThreadWait.State.IN_SYSCALL, ThreadWait.State.GONE,
                ThreadWait.State.USER, ThreadWait.State.RUNNING), d.threads().stream().map(ThreadWait::state).toList());
        assertEquals("futex", d.threads().get(0).syscall());
        assertEquals("read(0)", d.threads().get(1).call());
        assertEquals(FdKind.TTY, d.fd(0).orElseThrow().kind());
        assertEquals(List.of(4243), d.fd(0).orElseThrow().waitedBy());
        assertEquals(Diagnosis.Outcome.NONE, d.outcome());
        assertEquals("pid 4242 (mutt) is not blocked on a network socket: thread 4242 in futex, thread 4243 in read(0) "
                + "on /dev/pts/1, thread 4245 not in a system call, thread 4246 running", d.verdict());
    }

    @Test
    void aThreadIdIsMappedToItsProcess() throws Exception {
        process(4242, "mutt", "S (sleeping)");
        thread(4242, 4242, "mutt", syscallLine("futex"));
        thread(4242, 4243, "reader", syscallLine("read", 7));
        fd(4242, 7, "pipe:[99]");

        Diagnosis d = diagnose(4243);

        assertEquals(4242, d.pid());
        assertEquals(4243, d.givenTid());
        assertEquals(2, d.threads().size());
    }

    @Test
    void anEpollWaitFollowsTheSetAndSkipsWhatWasReplacedOrDisarmed() throws Exception {
        process(50, "loop", "S (sleeping)");
        thread(50, 50, "loop", syscallLine("epoll_pwait", 5, 0x7f00, 16, -1L, 0, 8));
        Path pipeFile = Files.writeString(root.resolve("a-fifo-stand-in"), "");
        Path other = Files.writeString(root.resolve("another-file"), "");
        long pipeInode = (Long) Files.getAttribute(pipeFile, "unix:ino");
        long otherInode = (Long) Files.getAttribute(other, "unix:ino");
        fd(50, 5, "anon_inode:[eventpoll]");
        fd(50, 6, pipeFile.toString());
        fd(50, 7, other.toString());
        fd(50, 8, pipeFile.toString());
        Files.writeString(root.resolve("50/fdinfo/5"), "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\n"
                + "tfd:        6 events:       19 data:                6  pos:0 ino:" + Long.toHexString(pipeInode)
                + " sdev:f\n"
                // fd 7 was closed and its number reused by another file: the set still watches the old one
                + "tfd:        7 events:       19 data:                7  pos:0 ino:" + Long.toHexString(otherInode + 99991)
                + " sdev:f\n"
                // a one-shot registration that fired: not armed
                + "tfd:        8 events: 40000000 data:                8  pos:0 ino:" + Long.toHexString(pipeInode)
                + " sdev:f\n");

        Diagnosis d = diagnose(50);

        ThreadWait t = d.threads().get(0);
        assertEquals("epoll_pwait(5)", t.call());
        assertEquals(5, t.epollFd());
        assertEquals(List.of(6), t.fds());
        assertEquals("fd 7 in epoll fd 5 was closed or replaced since it was added", t.note());
        WaitedFd epoll = d.fd(5).orElseThrow();
        assertEquals(FdKind.EPOLL, epoll.kind());
        assertEquals(List.of(6), epoll.watches());
        assertEquals(List.of(5, 6), d.fds().stream().map(WaitedFd::fd).toList());
    }

    @Test
    void aZombieAKernelThreadAndNoProcessAreRefused() throws Exception {
        process(77, "gone", "Z (zombie)");
        Path kthread = process(2, "kthreadd", "S (sleeping)");
        Files.writeString(kthread.resolve("status"), "Name:\tkthreadd\nState:\tS (sleeping)\nTgid:\t2\nPid:\t2\n");

        assertEquals(Problem.Kind.NO_SUCH_PROCESS, assertThrows(Problem.class, () -> diagnose(77)).kind());
        Problem k = assertThrows(Problem.class, () -> diagnose(2));
        assertEquals(Problem.Kind.NOT_FOUND, k.kind());
        assertTrue(k.getMessage().contains("kernel thread"), k.getMessage());
        Problem none = assertThrows(Problem.class, () -> diagnose(99999));
        assertEquals(Problem.Kind.NO_SUCH_PROCESS, none.kind());
        assertTrue(none.getMessage().startsWith("no process with pid 99999"), none.getMessage());
    }

    @Test
    void aCallWithAnImpossibleFdIsNotedNotGuessed() throws Exception {
        process(60, "odd", "S (sleeping)");
        thread(60, 60, "odd", syscallLine("read", 0xffffffffffffff9cL));

        ThreadWait t = diagnose(60).threads().get(0);

        assertEquals(List.of(), t.fds());
        assertEquals("its fd argument 0xffffffffffffff9c is no fd", t.note());
    }
}
