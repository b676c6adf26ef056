package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import sockkill.core.KillAudit;
import sockkill.core.Netid;
import sockkill.core.NetnsRef;
import sockkill.core.SocketEntry;
import sockkill.diag.SockId;
import sockkill.proc.FdOwner;
import sockkill.sys.Kernel;

/** The audit line, byte for byte as a local syslog daemon takes it from /dev/log. */
class SyslogLineTest {
    private static final SocketEntry SOCKET = SocketEntry.inet(Netid.TCP, Kernel.AF_INET, Kernel.TCP_ESTABLISHED,
            new SockId(56252, 143, new byte[] {10, 77, 0, 1}, new byte[] {10, 77, 0, 2}, 0, 0x6d4aL), 0, 0, 447045, 1000,
            SocketEntry.Source.SOCK_DIAG);
    private static final Invoker ROOT_VIA_SUDO = new Invoker(0, 0, "root", "alice", "1000");
    private static final LocalDateTime WHEN = LocalDateTime.of(2025, 3, 7, 9, 5, 2);

    private static String line(KillAudit.Entry e, Invoker who, String given) {
        return new String(SyslogLine.of(e, who, given, WHEN, 4242), StandardCharsets.UTF_8);
    }

    @Test
    void aKillIsAuthNoticeInTheFormatGlibcSendsToDevLog() {
        KillAudit.Entry e = new KillAudit.Entry("pid 31283 fd 3", KillAudit.Outcome.KILLED, "", SOCKET,
                List.of(new FdOwner(31283, 3, "mutt")), new NetnsRef(4026532597L, "blue", 31283));
        assertEquals("<37>Mar  7 09:05:02 sockkill[4242]: kill outcome=killed uid=0 user=\"root\" sudo_user=\"alice\" "
                + "loginuid=1000 given=\"pid 31283\" target=\"pid 31283 fd 3\" "
                + "socket=\"tcp 10.77.0.1:56252 <-> 10.77.0.2:143 ESTAB inode 447045\" inode=447045 cookie=0x6d4a "
                + "netns=4026532597 netns_name=\"blue\" holders=\"mutt(pid=31283,fd=3)\"", line(e, ROOT_VIA_SUDO,
                        "pid 31283"));
    }

    @Test
    void aFailureIsAWarningWithItsReasonAndWhatIsNotKnownIsLeftOut() {
        KillAudit.Entry e = new KillAudit.Entry("match", KillAudit.Outcome.FAILED, "permission denied", SOCKET, null,
                null);
        String l = line(e, new Invoker(1000, 0, "bob", null, "unset"), "match --dport 143");
        assertTrue(l.startsWith("<36>Mar  7 09:05:02 sockkill[4242]: kill outcome=failed uid=1000 euid=0 user=\"bob\" "
                + "loginuid=unset given=\"match --dport 143\" target=\"match\" "), l);
        assertTrue(l.endsWith(" cookie=0x6d4a reason=\"permission denied\""), l);
        assertFalse(l.contains("sudo_user") || l.contains("netns") || l.contains("holders"), l);
    }

    @Test
    void namesOthersChoseCannotEndTheRecordOrForgeAField() {
        KillAudit.Entry e = new KillAudit.Entry("inode 447045", KillAudit.Outcome.GONE, "gone\nkill outcome=killed",
                SOCKET, List.of(new FdOwner(7, 3, "x\" outcome=killed \u001b[2J\t\\")), null);
        String l = line(e, new Invoker(0, 0, "root", "ev\ril", "0"), "inode 447045");
        assertEquals(1, l.split("\n", -1).length, "one line: " + l);
        assertFalse(l.chars().anyMatch(c -> c < 0x20 || c == 0x7f), "no control character: " + l);
        assertTrue(l.contains(" sudo_user=\"ev\\ril\" "), l);
        assertTrue(l.contains(" holders=\"x\\\" outcome=killed \\e[2J\\t\\\\(pid=7,fd=3)\""), l);
        assertTrue(l.endsWith(" reason=\"gone\\nkill outcome=killed\""), l);
        String unquoted = l.substring(0, l.indexOf('"'));
        assertTrue(unquoted.endsWith(" kill outcome=gone uid=0 user="), "the real outcome, before any quote: " + l);
    }

    @Test
    void longValuesAreCut() {
        String given = "match --comm " + "x".repeat(2000);
        KillAudit.Entry e = new KillAudit.Entry("match", KillAudit.Outcome.KILLED, "", SOCKET, null, null);
        String l = line(e, ROOT_VIA_SUDO, given);
        assertTrue(l.contains(" given=\"match --comm " + "x".repeat(SyslogLine.MAX_VALUE - 13) + "...\" "), l);
        assertTrue(l.length() < 1200, "a datagram rsyslog takes whole: " + l.length());
    }

    @Test
    void theNoLogVariableIsOffOnlyForAValue() {
        assertFalse(AuditOption.off(null));
        assertFalse(AuditOption.off(""));
        assertFalse(AuditOption.off("0"));
        assertTrue(AuditOption.off("1"));
        assertTrue(AuditOption.off("yes"));
    }
}
