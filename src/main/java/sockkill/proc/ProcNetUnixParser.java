package sockkill.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Parses /proc/net/unix so that a socket's name cannot end its record. The kernel prints each socket
 * as a fixed header and, when it has one, a space and its name, raw, then a line feed:
 * <pre>
 *   %pK: %08X %08X %08X %04X %02X %5lu[ NAME]\n
 *   Num  RefCount Protocol Flags Type St Inode Path
 * </pre>
 * A name is chosen by whoever binds the socket, and may hold line feeds: an abstract name
 * {@code "x\n0000000000000000: 00000002 00000000 00010000 0001 01 31337 /run/fake.sock"} makes what
 * looks like a second record, a socket that does not exist. Text alone cannot always tell such a
 * line from a real record, so:
 * <ul>
 *   <li>a line that does not have the exact shape of a header is part of the name before it;</li>
 *   <li>a line that has it, but could still belong to the name before it (a name is at most 108
 *       bytes: sun_path), is ambiguous; it counts as a socket only when the caller confirms its inode
 *       (a process holds that socket) and no other line claims the same inode; otherwise it is read
 *       as part of the name before it, and counted in {@link Table#unconfirmed()} so that the caller
 *       can say so. Nothing is invented: at worst a real socket that nobody holds is left out.</li>
 * </ul>
 * Anything else (a line that is neither a header nor can be part of a name) is a malformed file.
 */
final class ProcNetUnixParser {
    /** The longest name the kernel prints: sun_path's 108 bytes (an abstract name: '@' and 107 more). */
    static final int MAX_NAME = 108;

    private static final int ACCEPTCON = 1 << 16;

    /** The records read and how many header-like lines were not confirmed as sockets. */
    record Table(List<ProcNetUnixEntry> entries, int unconfirmed) {
    }

    private ProcNetUnixParser() {
    }

    /** One header, parsed; {@code nameAt} is where the name starts in the line, or -1 for none. */
    private record Header(int type, int state, boolean listening, long inode, int nameAt) {
    }

    /**
     * Parses the whole file.
     *
     * @param confirmed says whether a socket with this inode really exists (some process holds it);
     *     asked only about ambiguous lines
     */
    static Table parse(byte[] text, LongPredicate confirmed, Path file) throws IOException {
        List<int[]> lines = lines(text);
        if (lines.isEmpty() || !startsWith(text, lines.get(0)[0], "Num ")) {
            throw malformed(file, 1, "no title line");
        }
        Header[] headers = new Header[lines.size()];
        Map<Long, Integer> claims = new HashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            headers[n] = header(text, lines.get(n)[0], lines.get(n)[1]);
            if (headers[n] != null) {
                claims.merge(headers[n].inode(), 1, Integer::sum);
            }
        }
        List<ProcNetUnixEntry> out = new ArrayList<>();
        Builder current = null;
        int unconfirmed = 0;
        for (int n = 1; n < lines.size(); n++) {
            int from = lines.get(n)[0];
            int to = lines.get(n)[1];
            Header h = headers[n];
            boolean couldContinue = current != null && current.named() && current.nameLength + 1 + (to - from) <= MAX_NAME;
            if (h != null && couldContinue
                    && !(claims.get(h.inode()) == 1 && confirmed.test(h.inode()))) {
                unconfirmed++;
                h = null;
            }
            if (h == null) {
                if (couldContinue) {
                    current.continueName(from, to);
                } else if (from == to) {
                    continue; // a blank line
                } else {
                    throw malformed(file, n + 1, "not a socket record: '" + excerpt(text, from, to) + "'");
                }
            } else {
                if (current != null) {
                    out.add(current.build(text));
                }
                current = new Builder(h, from, to);
            }
        }
        if (current != null) {
            out.add(current.build(text));
        }
        return new Table(out, unconfirmed);
    }

    /** A record being read: its header and the pieces of its name, which may span lines. */
    private static final class Builder {
        private final Header header;
        private final List<int[]> pieces = new ArrayList<>(1);
        private int nameLength;

        Builder(Header header, int lineFrom, int lineTo) {
            this.header = header;
            if (header.nameAt() >= 0) {
                pieces.add(new int[] {lineFrom + header.nameAt(), lineTo});
                nameLength = lineTo - lineFrom - header.nameAt();
            }
        }

        boolean named() {
            return !pieces.isEmpty();
        }

        void continueName(int from, int to) {
            pieces.add(new int[] {from, to});
            nameLength += 1 + to - from;
        }

        ProcNetUnixEntry build(byte[] text) {
            byte[] name = new byte[nameLength];
            int at = 0;
            for (int[] p : pieces) {
                if (at > 0) {
                    name[at++] = '\n';
                }
                System.arraycopy(text, p[0], name, at, p[1] - p[0]);
                at += p[1] - p[0];
            }
            return new ProcNetUnixEntry(header.type(), header.state(), header.listening(), header.inode(),
                    new String(name, StandardCharsets.UTF_8));
        }
    }

    /**
     * The header at the start of {@code [from, to)}, or null when the line does not have its exact
     * shape: a pointer of 8 or 16 lower-case hex digits and ": ", RefCount, Protocol (always 0),
     * Flags (0 or __SO_ACCEPTCON), Type (1, 2 or 5) and St (1 to 4) in upper-case hex of their fixed
     * widths, the inode in decimal padded to at least five characters, then the end of the line or a
     * space and a name of at least one byte.
     */
    private static Header header(byte[] t, int from, int to) {
        int at = from;
        int pointer = hexDigits(t, at, to, false);
        if (pointer != 8 && pointer != 16) {
            return null;
        }
        at += pointer;
        if (!startsWith(t, at, ": ") || at + 2 > to) {
            return null;
        }
        at += 2;
        long[] fields = new long[5];
        int[] widths = {8, 8, 8, 4, 2};
        for (int f = 0; f < 5; f++) {
            if (hexDigits(t, at, to, true) < widths[f] || at + widths[f] >= to || t[at + widths[f]] != ' ') {
                return null;
            }
            fields[f] = Long.parseLong(new String(t, at, widths[f], StandardCharsets.US_ASCII), 16);
            at += widths[f] + 1;
        }
        long protocol = fields[1];
        long flags = fields[2];
        long type = fields[3];
        long state = fields[4];
        if (protocol != 0 || (flags != 0 && flags != ACCEPTCON) || (type != 1 && type != 2 && type != 5)
                || state < 1 || state > 4) {
            return null;
        }
        int inodeFrom = at;
        while (at < to && t[at] == ' ') {
            at++;
        }
        int digitsFrom = at;
        long inode = 0;
        while (at < to && t[at] >= '0' && t[at] <= '9' && at - digitsFrom < 19) {
            inode = inode * 10 + (t[at] - '0');
            at++;
        }
        if (at == digitsFrom || at - inodeFrom < 5 || (at < to && t[at] >= '0' && t[at] <= '9')) {
            return null;
        }
        if (at == to) {
            return new Header((int) type, (int) state, flags == ACCEPTCON, inode, -1);
        }
        if (t[at] != ' ' || at + 1 == to) {
            return null;
        }
        return new Header((int) type, (int) state, flags == ACCEPTCON, inode, at + 1 - from);
    }

    /** How many hex digits start at {@code at} (upper- or lower-case only, as asked). */
    private static int hexDigits(byte[] t, int at, int to, boolean upper) {
        int n = 0;
        while (at + n < to) {
            byte c = t[at + n];
            boolean digit = c >= '0' && c <= '9' || (upper ? c >= 'A' && c <= 'F' : c >= 'a' && c <= 'f');
            if (!digit) {
                break;
            }
            n++;
        }
        return n;
    }

    private static boolean startsWith(byte[] t, int at, String s) {
        if (at + s.length() > t.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (t[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** [from, to) of each line, without its line feed; a last line without one counts too. */
    private static List<int[]> lines(byte[] t) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == '\n') {
                out.add(new int[] {from, i});
                from = i + 1;
            }
        }
        if (from < t.length) {
            out.add(new int[] {from, t.length});
        }
        return out;
    }

    private static String excerpt(byte[] t, int from, int to) {
        return new String(t, from, Math.min(to - from, 120), StandardCharsets.UTF_8);
    }

    private static IOException malformed(Path file, int lineNumber, String problem) {
        return new IOException(file + " line " + lineNumber + ": " + problem);
    }
}
