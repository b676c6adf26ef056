package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskSyscallTest {
    @Test
    void aThreadInReadGivesItsNumberAndSixArgumentsInHex() {
        // read(3, buf, 0x1000) on x86_64, as proc_pid_syscall prints it: nr, 6 args, sp, pc
        TaskSyscall s = TaskSyscall.parse("0 0x3 0x7ffd71345a38 0x1000 0x0 0x0 0x0 0x7ffd71345a18 0x7f2e083a82ad\n");

        assertEquals(TaskSyscall.State.IN_SYSCALL, s.state());
        assertEquals(0, s.number());
        assertArrayEquals(new long[] {3, 0x7ffd71345a38L, 0x1000, 0, 0, 0}, s.args());
        assertEquals(3, s.arg(0));
    }

    @Test
    void argumentsAreUnsigned64BitValues() {
        // openat(AT_FDCWD, ...): AT_FDCWD is -100, printed as the unsigned long it is
        TaskSyscall s = TaskSyscall.parse(
                "257 0xffffffffffffff9c 0x55d0c1c2e2a0 0x80000 0x0 0x0 0x0 0x7ffe3f1c6e08 0x7f9a8b0f1b3e");

        assertEquals(-100, s.arg(0));
        assertEquals(257, s.number());
    }

    @Test
    void runningIsAStateWithoutNumber() {
        assertSame(TaskSyscall.RUNNING, TaskSyscall.parse("running\n"));
        assertEquals(TaskSyscall.State.RUNNING, TaskSyscall.parse("running").state());
    }

    @Test
    void minusOneWithStackAndProgramCounterIsOutsideASyscall() {
        TaskSyscall s = TaskSyscall.parse("-1 0x7ffc4d589a70 0x55d0c1a3b12f\n");

        assertSame(TaskSyscall.NOT_IN_SYSCALL, s);
    }

    @Test
    void aZombieShowsMinusOneWithZeroes() {
        assertSame(TaskSyscall.NOT_IN_SYSCALL, TaskSyscall.parse("-1 0x0 0x0\n"));
    }

    @Test
    void anythingElseIsRejectedQuotingTheLine() {
        for (String bad : new String[] {"", "0 0x3", "0 3 0x0 0x0 0x0 0x0 0x0 0x0 0x0", "x 0x3 0x0 0x0 0x0 0x0 0x0 0x0 0x0",
            "-2 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0", "0 0x 0x0 0x0 0x0 0x0 0x0 0x0 0x0", "-1 0x0",
            "0 0x10000000000000000 0x0 0x0 0x0 0x0 0x0 0x0 0x0", "0 0x3 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskSyscall.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad.strip() + "'"), e.getMessage());
        }
    }
}
