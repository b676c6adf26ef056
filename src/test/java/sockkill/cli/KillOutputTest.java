package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sockkill.core.ListedSocket;
import sockkill.core.Netid;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketEntry;
import sockkill.diag.SockId;
import sockkill.proc.FdOwner;
import sockkill.sys.Kernel;

/** The byte rendering of a kill's line against the String one it stands in for. */
class KillOutputTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    private static final byte[] V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ANY6 = new byte[16];

    private static String bytes(ListedSocket l) {
        Utf8Text out = new Utf8Text(16);
        KillOutput.describe(out, l);
        return out.toString();
    }

    private static String string(ListedSocket l) {
        StringBuilder line = new StringBuilder(SocketDestroyer.describe(l.socket()));
        KillOutput.holders(line, l);
        return TerminalText.escape(line.toString());
    }

    @Test
    void everyKindOfSocketReadsAsTheStringLineDoes() {
        List<SocketEntry> sockets = List.of(
                SocketEntry.inet(Netid.TCP, Kernel.AF_INET, Kernel.TCP_ESTABLISHED,
                        new SockId(40000, 22, LOOPBACK, LOOPBACK, 0, 0x1b), 0, 0, 1234567, 0, SocketEntry.Source.SOCK_DIAG),
                SocketEntry.inet(Netid.TCP, Kernel.AF_INET, Kernel.TCP_LISTEN,
                        new SockId(22, 0, LOOPBACK, new byte[4], 0, 0x1a), 0, 128, 1000, 0, SocketEntry.Source.SOCK_DIAG),
                SocketEntry.inet(Netid.UDP, Kernel.AF_INET6, Kernel.TCP_ESTABLISHED,
                        new SockId(5353, 65535, V6, V6, 0, 7), 3, 4, 99, 1000, SocketEntry.Source.SOCK_DIAG),
                SocketEntry.inet(Netid.TCP, Kernel.AF_INET6, Kernel.TCP_SYN_SENT,
                        new SockId(1, 2, ANY6, V6, 0, 8), 0, 0, 0, 0, SocketEntry.Source.SOCK_DIAG),
                SocketEntry.unix(Netid.UNIX_STREAM, Kernel.TCP_ESTABLISHED, "/run/a\u001b[31mb", 12, 0, 0, 77, 0, 0,
                        SocketEntry.Source.PROC),
                SocketEntry.unix(Netid.UNIX_DGRAM, Kernel.TCP_CLOSE, "*", 0, 0, 0, 78, 0, 0, SocketEntry.Source.PROC));
        List<List<FdOwner>> holders = new ArrayList<>();
        holders.add(null);
        holders.add(List.of());
        holders.add(List.of(new FdOwner(42, 3, "ssh")));
        holders.add(List.of(new FdOwner(42, 3, "bad\u0007\nname"), new FdOwner(43, 10, "ünïcode")));
        for (SocketEntry s : sockets) {
            for (List<FdOwner> h : holders) {
                ListedSocket l = new ListedSocket(s, h);
                assertEquals(string(l), bytes(l));
            }
        }
    }
}
