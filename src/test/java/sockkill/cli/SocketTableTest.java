package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import sockkill.core.ListedSocket;
import sockkill.core.Netid;
import sockkill.core.SocketEntry;
import sockkill.diag.SockId;
import sockkill.proc.FdOwner;
import sockkill.sys.Kernel;

class SocketTableTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    private static final byte[] ANY = {0, 0, 0, 0};

    private static SocketEntry tcp(int sport, byte[] peer, int dport, long inode, long cookie) {
        return SocketEntry.inet(Netid.TCP, Kernel.AF_INET, dport == 0 ? Kernel.TCP_LISTEN : Kernel.TCP_ESTABLISHED,
                new SockId(sport, dport, LOOPBACK, peer, 0, cookie), 0, dport == 0 ? 128 : 0, inode, 0,
                SocketEntry.Source.SOCK_DIAG);
    }

    private static String render(boolean withOwners, List<ListedSocket> rows) {
        SocketTable table = new SocketTable(withOwners);
        rows.forEach(table);
        StringWriter out = new StringWriter();
        table.writeTo(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void columnsAlignAndEveryLineEndsWithoutPadding() {
        String text = render(true, List.of(
                new ListedSocket(tcp(40000, LOOPBACK, 22, 1234567, 0x1b), List.of(new FdOwner(42, 3, "ssh"))),
                new ListedSocket(tcp(22, ANY, 0, 1000, 0x1a), List.of())));
        String[] lines = text.split("\n", -1);
        assertEquals(4, lines.length, text);
        assertEquals("", lines[3], "the output ends with a newline, also after a last row with an empty last cell");
        assertEquals("Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Inode   UID Cookie Process",
                lines[0]);
        assertEquals("tcp   ESTAB  0      0      127.0.0.1:40000    127.0.0.1:22      1234567 0   1b     "
                + "ssh(pid=42,fd=3)", lines[1]);
        assertEquals("tcp   LISTEN 0      128    127.0.0.1:22       0.0.0.0:*         1000    0   1a", lines[2],
                "a socket without owners ends at its cookie, with no trailing blanks");
    }

    @Test
    void unixIpv6UnknownUidAndMissingCookieAreWrittenAsSsDoes() {
        SocketEntry unix = SocketEntry.unix(Netid.UNIX_STREAM, Kernel.TCP_LISTEN, "/run/sö.sock", 0, 0, 5, 77, -1, 9,
                SocketEntry.Source.SOCK_DIAG);
        byte[] v6 = new byte[16];
        v6[15] = 1;
        SocketEntry ipv6 = SocketEntry.inet(Netid.UDP, Kernel.AF_INET6, Kernel.TCP_CLOSE,
                new SockId(53, 0, v6, new byte[16], 0, 0), 0, 0, 88, 0, SocketEntry.Source.PROC);
        String text = render(false, List.of(new ListedSocket(unix, null), new ListedSocket(ipv6, null)));
        String[] lines = text.split("\n");
        assertEquals("u_str LISTEN 0      5      /run/sö.sock 77    * 0               77    -   9", lines[1],
                "a UNIX socket without a peer has peer inode 0, as ss prints it and as JSON's peer_port says");
        assertEquals("udp   UNCONN 0      0      [::1]:53           [::]:*            88    0   -", lines[2]);
        assertEquals(lines[1].indexOf("* 0"), lines[2].indexOf("[::]"), "a non-ASCII path is measured in characters");
    }

    @Test
    void aProcessCellOfMoreThan64KiBComesOutWholeAndTheNextRowStaysAligned() {
        List<FdOwner> workers = new java.util.ArrayList<>();
        for (int pid = 10_000; pid < 13_000; pid++) {
            workers.add(new FdOwner(pid, 3, "worker"));
        }
        String text = render(true, List.of(
                new ListedSocket(tcp(80, ANY, 0, 1000, 0x1a), workers),
                new ListedSocket(tcp(40000, LOOPBACK, 22, 1234567, 0x1b), List.of(new FdOwner(42, 3, "ssh")))));
        String[] lines = text.split("\n");
        String process = lines[1].substring(lines[0].indexOf("Process"));
        assertTrue(process.length() > 0xFFFF, "the cell is longer than 64 KiB: " + process.length());
        assertEquals(3000, process.split("\\),").length, "every holder is there");
        assertTrue(process.endsWith("worker(pid=12999,fd=3)"), process.substring(process.length() - 40));
        assertTrue(lines[2].endsWith(" ssh(pid=42,fd=3)"), lines[2]);
        assertEquals(lines[0].indexOf("Process"), lines[2].indexOf("ssh("), lines[2]);
    }

    @Test
    void rowsSpanningManyChunksComeOutWholeAndInOrder() {
        List<ListedSocket> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            rows.add(new ListedSocket(tcp(1 + i % 60000, LOOPBACK, 80, 100_000 + i, i), List.of()));
        }
        String[] lines = render(true, rows).split("\n");
        assertEquals(30_001, lines.length);
        for (int i = 0; i < 30_000; i++) {
            assertTrue(lines[i + 1].contains(" " + (100_000 + i) + " "), lines[i + 1]);
            assertTrue(lines[i + 1].endsWith(Long.toHexString(i)), lines[i + 1]);
        }
    }
}
