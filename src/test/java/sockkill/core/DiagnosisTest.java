package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.proc.FdKind;
import sockkill.proc.SyscallTable.Shape;
import sockkill.sys.Kernel;

class DiagnosisTest {
    private static final TcpInfo DEAD = new TcpInfo(0, 0, 4600, 4600, 4600, 0, 0, 0, 204000);
    private static final TcpInfo LIVE = new TcpInfo(0, 0, 4600, 100, 100, 0, 0, 0, 204000);

    private static WaitedFd tcp(int fd, long inode, int state, int localPort, TcpInfo info, Integer... waitedBy) {
        SocketEntry s = SocketEntry.inet(Netid.TCP, Kernel.AF_INET, state,
                new SockId(localPort, state == Kernel.TCP_LISTEN ? 0 : 143, new byte[] {10, 77, 0, 1},
                        state == Kernel.TCP_LISTEN ? new byte[4] : new byte[] {10, 77, 0, 2}, 0, 0x55),
                0, 0, inode, 0, SocketEntry.Source.SOCK_DIAG, info);
        return new WaitedFd(fd, FdKind.SOCKET, "socket:[" + inode + "]", Netid.TCP, s, 4026531840L,
                List.of(waitedBy), List.of(), "");
    }

    private static WaitedFd other(int fd, FdKind kind, String target, Integer... waitedBy) {
        return new WaitedFd(fd, kind, target, null, null, -1, List.of(waitedBy), List.of(), "");
    }

    private static WaitedFd unix(int fd, long inode, Integer... waitedBy) {
        SocketEntry s = SocketEntry.unix(Netid.UNIX_STREAM, Kernel.TCP_ESTABLISHED, "", 99, 0, 0, inode, 0, 7,
                SocketEntry.Source.SOCK_DIAG);
        return new WaitedFd(fd, FdKind.SOCKET, "socket:[" + inode + "]", Netid.UNIX_STREAM, s, 4026531840L,
                List.of(waitedBy), List.of(), "");
    }

    private static ThreadWait in(int tid, String call, Shape shape, Integer... fds) {
        return new ThreadWait(tid, "t" + tid, ThreadWait.State.IN_SYSCALL, call, 0, shape, List.of(fds), -1, "");
    }

    private static Diagnosis diagnosis(List<ThreadWait> threads, WaitedFd... fds) {
        return new Diagnosis(42, "mutt", -1, "x86_64", threads, List.of(fds));
    }

    @Test
    void oneTcpSocketWaitedOnIsTheOne() {
        Diagnosis d = diagnosis(List.of(in(42, "read", Shape.FD, 3)), tcp(3, 500, Kernel.TCP_ESTABLISHED, 40000, DEAD, 42));

        assertEquals(Diagnosis.Outcome.ONE, d.outcome());
        assertEquals(3, d.candidates().get(0).fd());
        assertEquals("pid 42 (mutt) is blocked on fd 3, tcp 10.77.0.1:40000 <-> 10.77.0.2:143 ESTAB inode 500: "
                + "thread 42 in read(3); last data received 4.6 s ago", d.verdict());
    }

    @Test
    void nothingButAPipeAndATtyIsNoNetworkSocketAndEachThreadIsSaidInAFewWords() {
        Diagnosis d = diagnosis(List.of(
                new ThreadWait(42, "mutt", ThreadWait.State.IN_SYSCALL, "futex", 202, Shape.OTHER, List.of(), -1, ""),
                in(43, "read", Shape.FD, 0),
                in(44, "poll", Shape.POLL, 0, 5),
                ThreadWait.notInSyscall(45, "gc", ThreadWait.State.RUNNING),
                ThreadWait.notInSyscall(46, "gone", ThreadWait.State.GONE)),
                other(0, FdKind.TTY, "/dev/pts/1", 43, 44), other(5, FdKind.PIPE, "pipe:[9]", 44));

        assertEquals(Diagnosis.Outcome.NONE, d.outcome());
        assertEquals(List.of(), d.candidates());
        assertEquals("pid 42 (mutt) is not blocked on a network socket: thread 42 in futex, thread 43 in read(0) on "
                + "/dev/pts/1, thread 44 in poll on fds 0 (/dev/pts/1), 5 (pipe:[9]), thread 45 running", d.verdict());
    }

    @Test
    void threadsDoingTheSameAreGrouped() {
        List<ThreadWait> threads = new java.util.ArrayList<>();
        for (int tid = 100; tid < 108; tid++) {
            threads.add(new ThreadWait(tid, "java", ThreadWait.State.IN_SYSCALL, "futex", 202, Shape.OTHER, List.of(),
                    -1, ""));
        }
        threads.add(ThreadWait.notInSyscall(108, "java", ThreadWait.State.USER));

        assertEquals("threads 100, 101, 102, 103, 104 and 3 more in futex, thread 108 not in a system call",
                diagnosis(threads).threadSummary());
    }

    @Test
    void aUnixSocketIsNoNetworkSocketButTheVerdictSaysHowToShutItDown() {
        Diagnosis d = diagnosis(List.of(in(42, "recvfrom", Shape.FD, 3)), unix(3, 800, 42));

        assertEquals(Diagnosis.Outcome.NONE, d.outcome());
        assertTrue(d.verdict().endsWith("; fd 3 is a UNIX socket, which 'sockkill pid 42 fd 3 --fallback=shutdown' "
                + "shuts down"), d.verdict());
    }

    @Test
    void twoTcpSocketsAreSeveralAndTheVerdictSaysHowToChoose() {
        Diagnosis d = diagnosis(List.of(in(42, "epoll_wait", Shape.EPOLL, 3, 4)),
                tcp(3, 500, Kernel.TCP_ESTABLISHED, 40000, DEAD, 42), tcp(4, 501, Kernel.TCP_ESTABLISHED, 40001, LIVE, 42));

        assertEquals(Diagnosis.Outcome.SEVERAL, d.outcome());
        assertEquals(List.of(3, 4), d.candidates().stream().map(WaitedFd::fd).toList());
        assertEquals("pid 42 (mutt) waits on 2 network sockets (fds 3, 4): choose one with 'sockkill pid 42 fd F', "
                + "or those silent for S seconds with 'sockkill match --pid 42 --idle S'; "
                + "'sockkill pid 42 --all-blocked' kills them all", d.verdict());
    }

    @Test
    void aListenerBesideAConnectionIsNotACandidate() {
        Diagnosis d = diagnosis(List.of(in(42, "poll", Shape.POLL, 3, 4)),
                tcp(3, 500, Kernel.TCP_LISTEN, 143, null, 42), tcp(4, 501, Kernel.TCP_ESTABLISHED, 143, DEAD, 42));

        assertEquals(List.of(4), d.candidates().stream().map(WaitedFd::fd).toList());
    }

    @Test
    void aListenerAloneIsTheOne() {
        Diagnosis d = diagnosis(List.of(in(42, "accept", Shape.FD, 3)), tcp(3, 500, Kernel.TCP_LISTEN, 143, null, 42));

        assertEquals(Diagnosis.Outcome.ONE, d.outcome());
    }

    @Test
    void twoFdsOfOneSocketAreOneCandidate() {
        Diagnosis d = diagnosis(List.of(in(42, "read", Shape.FD, 3), in(43, "write", Shape.FD, 7)),
                tcp(3, 500, Kernel.TCP_ESTABLISHED, 40000, DEAD, 42), tcp(7, 500, Kernel.TCP_ESTABLISHED, 40000, DEAD, 43));

        assertEquals(Diagnosis.Outcome.ONE, d.outcome());
        assertEquals(3, d.candidates().get(0).fd());
    }

    @Test
    void pidPKillsTheOneRefusesNoneAndSeveralUnlessAllAreAskedFor() throws Exception {
        Diagnosis one = diagnosis(List.of(in(42, "read", Shape.FD, 3)), tcp(3, 500, Kernel.TCP_ESTABLISHED, 1, DEAD, 42));
        Diagnosis none = diagnosis(List.of(in(42, "read", Shape.FD, 0)), other(0, FdKind.TTY, "/dev/pts/1", 42));
        Diagnosis two = diagnosis(List.of(in(42, "poll", Shape.POLL, 3, 4)),
                tcp(3, 500, Kernel.TCP_ESTABLISHED, 1, DEAD, 42), tcp(4, 501, Kernel.TCP_ESTABLISHED, 2, LIVE, 42));

        assertEquals(1, BlockedSocketKiller.targets(one, false).size());
        DiagnosisProblem p = assertThrows(DiagnosisProblem.class, () -> BlockedSocketKiller.targets(none, true));
        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertEquals(none.verdict(), p.getMessage());
        DiagnosisProblem q = assertThrows(DiagnosisProblem.class, () -> BlockedSocketKiller.targets(two, false));
        assertEquals(Problem.Kind.AMBIGUOUS, q.kind());
        assertTrue(q.getMessage().startsWith("none was killed: pid 42 (mutt) waits on 2 network sockets"), q.getMessage());
        assertEquals(2, BlockedSocketKiller.targets(two, true).size());
    }
}
