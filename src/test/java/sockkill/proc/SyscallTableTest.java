package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sockkill.proc.SyscallTable.Shape;

class SyscallTableTest {
    private static final SyscallTable X86_64 = SyscallTable.forArch("x86_64").orElseThrow();
    private static final SyscallTable AARCH64 = SyscallTable.forArch("aarch64").orElseThrow();

    private static void assertCall(SyscallTable t, long number, String name, Shape shape) {
        assertEquals(name, t.name(number), t.arch() + " " + number);
        assertEquals(shape, t.shape(number), t.arch() + " " + name);
    }

    @Test
    void x86_64CallsThatWaitOnTheirFirstArgument() {
        assertCall(X86_64, 0, "read", Shape.FD);
        assertCall(X86_64, 19, "readv", Shape.FD);
        assertCall(X86_64, 17, "pread64", Shape.FD);
        assertCall(X86_64, 45, "recvfrom", Shape.FD);
        assertCall(X86_64, 47, "recvmsg", Shape.FD);
        assertCall(X86_64, 299, "recvmmsg", Shape.FD);
        assertCall(X86_64, 1, "write", Shape.FD);
        assertCall(X86_64, 20, "writev", Shape.FD);
        assertCall(X86_64, 44, "sendto", Shape.FD);
        assertCall(X86_64, 46, "sendmsg", Shape.FD);
        assertCall(X86_64, 307, "sendmmsg", Shape.FD);
        assertCall(X86_64, 42, "connect", Shape.FD);
        assertCall(X86_64, 43, "accept", Shape.FD);
        assertCall(X86_64, 288, "accept4", Shape.FD);
    }

    @Test
    void x86_64Multiplexers() {
        assertCall(X86_64, 7, "poll", Shape.POLL);
        assertCall(X86_64, 271, "ppoll", Shape.POLL);
        assertCall(X86_64, 23, "select", Shape.SELECT);
        assertCall(X86_64, 270, "pselect6", Shape.SELECT);
        assertCall(X86_64, 232, "epoll_wait", Shape.EPOLL);
        assertCall(X86_64, 281, "epoll_pwait", Shape.EPOLL);
        assertCall(X86_64, 441, "epoll_pwait2", Shape.EPOLL);
    }

    @Test
    void aarch64NumbersTheSameCallsOtherwise() {
        assertCall(AARCH64, 63, "read", Shape.FD);
        assertCall(AARCH64, 65, "readv", Shape.FD);
        assertCall(AARCH64, 207, "recvfrom", Shape.FD);
        assertCall(AARCH64, 212, "recvmsg", Shape.FD);
        assertCall(AARCH64, 243, "recvmmsg", Shape.FD);
        assertCall(AARCH64, 64, "write", Shape.FD);
        assertCall(AARCH64, 206, "sendto", Shape.FD);
        assertCall(AARCH64, 211, "sendmsg", Shape.FD);
        assertCall(AARCH64, 269, "sendmmsg", Shape.FD);
        assertCall(AARCH64, 203, "connect", Shape.FD);
        assertCall(AARCH64, 202, "accept", Shape.FD);
        assertCall(AARCH64, 242, "accept4", Shape.FD);
        assertCall(AARCH64, 73, "ppoll", Shape.POLL);
        assertCall(AARCH64, 72, "pselect6", Shape.SELECT);
        assertCall(AARCH64, 22, "epoll_pwait", Shape.EPOLL);
        assertCall(AARCH64, 441, "epoll_pwait2", Shape.EPOLL);
    }

    @Test
    void aarch64HasNoPollSelectOrEpollWait() {
        // x86_64's numbers for them mean other calls there
        assertCall(AARCH64, 7, "fsetxattr", Shape.OTHER);
        assertCall(AARCH64, 23, "dup", Shape.OTHER);
        assertCall(AARCH64, 232, "mincore", Shape.OTHER);
        assertCall(AARCH64, 0, "io_setup", Shape.OTHER);
        for (long n = 0; n < 600; n++) {
            String name = AARCH64.name(n);
            assertTrue(!name.equals("poll") && !name.equals("select") && !name.equals("epoll_wait"), name);
        }
    }

    @Test
    void callsNotUnderstoodAreNamedOnly() {
        assertCall(X86_64, 202, "futex", Shape.OTHER);
        assertCall(X86_64, 426, "io_uring_enter", Shape.OTHER);
        assertCall(X86_64, 230, "clock_nanosleep", Shape.OTHER);
        assertCall(X86_64, 61, "wait4", Shape.OTHER);
        assertCall(AARCH64, 98, "futex", Shape.OTHER);
        assertCall(AARCH64, 426, "io_uring_enter", Shape.OTHER);
        assertCall(AARCH64, 115, "clock_nanosleep", Shape.OTHER);
        assertCall(X86_64, 455, "futex_wait", Shape.OTHER);
        assertCall(AARCH64, 455, "futex_wait", Shape.OTHER);
    }

    @Test
    void anUnknownNumberIsGivenAsANumber() {
        assertCall(X86_64, 9999, "syscall 9999", Shape.OTHER);
        assertCall(AARCH64, 244, "syscall 244", Shape.OTHER); // arch-specific range, unused on arm64
    }

    @Test
    void theJdksNamesForTheArchitecturesWorkAndOthersHaveNoTable() {
        assertEquals("x86_64", SyscallTable.forArch("amd64").orElseThrow().arch());
        assertEquals("aarch64", SyscallTable.forArch("arm64").orElseThrow().arch());
        assertTrue(SyscallTable.forArch("riscv64").isEmpty());
        assertTrue(SyscallTable.forArch("x86").isEmpty());
    }
}
