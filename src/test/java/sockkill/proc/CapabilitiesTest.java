package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sockkill.sys.Kernel;

/** CapEff and the effective uid, from /proc/self/status text as the kernel writes it. */
class CapabilitiesTest {
    /** The relevant lines of a status file (the rest of it is left out: it is skipped the same way). */
    private static String status(String uids, String capEff) {
        return "Name:\tjava\nUmask:\t0022\nState:\tR (running)\nTgid:\t7\nPid:\t7\nUid:\t" + uids + "\nGid:\t0\t0\t0\t0\n"
                + "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t" + capEff + "\n"
                + "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n";
    }

    @Test
    void fullRootHasEveryCapability() {
        Capabilities c = Capabilities.parse(status("0\t0\t0\t0", "000001ffffffffff"));

        assertTrue(c.isRoot());
        assertTrue(c.has(Kernel.CAP_NET_ADMIN));
        assertTrue(c.has(Kernel.CAP_SYS_PTRACE));
        assertTrue(c.has(Kernel.CAP_SYS_ADMIN));
    }

    @Test
    void dockersDefaultRootLacksPtraceAdminAndNetAdmin() {
        // docker's default set: chown dac_override fowner fsetid kill setgid setuid setpcap
        // net_bind_service net_raw sys_chroot mknod audit_write setfcap = 0x00000000a80425fb
        Capabilities c = Capabilities.parse(status("0\t0\t0\t0", "00000000a80425fb"));

        assertTrue(c.isRoot());
        assertFalse(c.has(Kernel.CAP_NET_ADMIN));
        assertFalse(c.has(Kernel.CAP_SYS_PTRACE));
        assertFalse(c.has(Kernel.CAP_SYS_ADMIN));
        assertTrue(c.has(13), "CAP_NET_RAW");
    }

    @Test
    void theEffectiveUidIsTheSecondField() {
        Capabilities c = Capabilities.parse(status("1000\t0\t0\t0", "0000000000000000"));

        assertEquals(0, c.effectiveUid());
        assertTrue(c.isRoot(), "a setuid-root program acts as root");
        assertFalse(Capabilities.parse(status("0\t1000\t1000\t1000", "0000000000000000")).isRoot());
    }

    @Test
    void anUnreadableStatusKnowsNothing(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("status"), "CapEff:\tnot hex\n");

        assertEquals(new Capabilities(0, -1), Capabilities.read(garbage));
        assertEquals(new Capabilities(0, -1), Capabilities.read(dir.resolve("missing")));
    }
}
