package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskStatusTest {
    private static String status(String state, int tgid, int pid, String extra) {
        return "Name:\tvictim\nUmask:\t0022\nState:\t" + state + "\nTgid:\t" + tgid + "\nNgid:\t0\nPid:\t" + pid
                + "\nPPid:\t1\nTracerPid:\t0\n" + extra;
    }

    @Test
    void aThreadNamesItsProcessInTgid() {
        TaskStatus s = TaskStatus.parse(status("S (sleeping)", 4242, 4243, "VmSize:\t  2400 kB\nKthread:\t0\n"));

        assertEquals(4242, s.tgid());
        assertEquals('S', s.state());
        assertFalse(s.kernelThread());
        assertFalse(s.exited());
    }

    @Test
    void aKernelThreadSaysSoOrHasNoMemory() {
        assertTrue(TaskStatus.parse(status("S (sleeping)", 2, 2, "Kthread:\t1\n")).kernelThread());
        // kernels before 6.9 have no Kthread line: no VmSize either
        assertTrue(TaskStatus.parse(status("I (idle)", 2, 2, "Threads:\t1\n")).kernelThread());
    }

    @Test
    void aZombieHasExitedAndIsNoKernelThread() {
        TaskStatus s = TaskStatus.parse(status("Z (zombie)", 77, 77, "Threads:\t1\n"));

        assertTrue(s.exited());
        assertFalse(s.kernelThread());
    }

    @Test
    void aStatusWithoutTgidIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TaskStatus.parse("Name:\tx\nState:\tS (sleeping)\n"));
    }
}
