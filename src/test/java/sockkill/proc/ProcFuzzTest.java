package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sockkill.netlink.Fuzz;

/**
 * The /proc parsers on random and mutated text: lines of /proc/net/{tcp,tcp6,udp,udp6}, whole
 * /proc/net/unix tables, and fd links. Each parses or refuses with its documented IOException
 * (the fd-link reader answers -1): no other exception, no hang, nothing invented.
 */
class ProcFuzzTest {
    private static final long SEED = 0x13_9f0cL;
    private static final int CASES = 5000;
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final Path FILE = Path.of("/proc/net/fuzz");

    private static final String TCP = "   0: 0100007F:0016 0200007F:D431 01 00000010:00000020 02:000000FF 00000003  1000"
            + "        0 12345 1 0000000000000000 20 4 30 10 -1";
    private static final String TCP6 = "   1: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000"
            + " 0A 00000000:00000000 00:00000000 00000000     0        0 30002 1 0000000000000000 100 0 0 10 0";
    private static final String UDP = "  500: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000"
            + "   101        0 40001 2 0000000000000000 0";
    private static final String UNIX = "Num       RefCount Protocol Flags    Type St Inode Path\n"
            + "00000000f52b1814: 00000002 00000000 00010000 0001 01 20001 /run/a.sock\n"
            + "0000000087408086: 00000003 00000000 00000000 0001 03 20002\n"
            + "00000000e796473d: 00000002 00000000 00000000 0002 01 20003 @x\n"
            + "0000000000000000: 00000002 00000000 00010000 0005 01 30000\n"
            + "00000000abcdef01: 00000003 00000000 00000000 0001 03 20004 @y\n"
            + "0000000000000000: 00000002 00000000 00010000 0001 01 31337 /run/fake.sock\n";

    private static byte[] input(Random r, byte[] valid) {
        return r.nextInt(5) == 0 ? Fuzz.random(r, 300) : Fuzz.mutate(r, valid);
    }

    @Test
    void inetLinesParseOrAreRefusedAsMalformed() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED);
            for (int i = 0; i < CASES; i++) {
                int kind = r.nextInt(3);
                boolean ipv6 = kind == 1;
                String valid = kind == 0 ? TCP : kind == 1 ? TCP6 : UDP;
                String line = new String(input(r, valid.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
                try {
                    ProcNetInetEntry e = ProcNetTables.parseInet(line, ipv6, FILE, 2);
                    assertEquals(16, e.localAddress().length);
                    assertTrue(e.localPort() >= 0 && e.localPort() <= 0xffff && e.remotePort() >= 0
                            && e.remotePort() <= 0xffff, "case " + i + ": a port out of range from " + line);
                    assertTrue(e.state() >= 0 && e.state() <= 0xff, "case " + i + ": state " + e.state());
                } catch (IOException expected) {
                    assertTrue(expected.getMessage().startsWith(FILE + " line 2: "), expected.getMessage());
                }
            }
        });
    }

    @Test
    void unixTablesParseOrAreRefusedAndInventNoSocket() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED + 1);
            for (int i = 0; i < CASES; i++) {
                byte[] text = input(r, UNIX.getBytes(StandardCharsets.UTF_8));
                Set<Long> onALine = inodesOnLineStarts(text);
                try {
                    ProcNetUnixParser.Table t = ProcNetUnixParser.parse(text, inode -> inode % 2 == 0, FILE);
                    for (ProcNetUnixEntry e : t.entries()) {
                        assertTrue(onALine.contains(e.inode()), "case " + i + ": inode " + e.inode() + " from nowhere");
                        assertTrue(e.path().getBytes(StandardCharsets.UTF_8).length <= 3 * ProcNetUnixParser.MAX_NAME,
                                "case " + i);
                    }
                } catch (IOException expected) {
                    assertTrue(expected.getMessage().startsWith(FILE + " line "), expected.getMessage());
                }
            }
        });
    }

    /** Every run of digits in the text: an inode a parsed record may carry must be one of them. */
    private static Set<Long> inodesOnLineStarts(byte[] text) {
        Set<Long> out = new HashSet<>();
        long v = -1;
        int digits = 0;
        for (byte b : text) {
            if (b >= '0' && b <= '9' && digits < 19) {
                v = (v < 0 ? 0 : v * 10) + (b - '0');
                digits++;
            } else {
                if (v >= 0) {
                    out.add(v);
                }
                v = -1;
                digits = 0;
            }
        }
        if (v >= 0) {
            out.add(v);
        }
        return out;
    }

    @Test
    void fdLinksGiveAnInodeOrMinusOneAndNeverThrow() {
        assertTimeoutPreemptively(GUARD, () -> {
            Random r = new Random(SEED + 2);
            for (int i = 0; i < CASES; i++) {
                byte[] valid = ("socket:[" + Integer.toUnsignedString(r.nextInt()) + "]").getBytes(StandardCharsets.US_ASCII);
                String link = new String(input(r, valid), StandardCharsets.ISO_8859_1);
                long inode = FdLink.socketInode(link);
                if (inode >= 0) {
                    assertEquals("socket:[" + inode + "]", link.replaceFirst("\\[0+(?=\\d)", "["),
                            "case " + i + ": '" + link + "' read as " + inode);
                } else {
                    assertEquals(-1, inode);
                }
            }
        });
    }
}
