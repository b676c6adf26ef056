package sockkill.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import sockkill.core.ListedSocket;
import sockkill.core.SocketEntry;
import sockkill.proc.FdOwner;

/**
 * Sockets as an aligned table in ss's vocabulary. Alignment needs every row's widths before the
 * first line goes out, so rows are rendered once, as they arrive, into one char buffer (about 80
 * chars a socket); {@link #writeTo} pads and writes them.
 */
final class SocketTable implements Consumer<ListedSocket> {
    private static final String[] TITLES = {"Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port",
        "Peer Address:Port", "Inode", "UID", "Cookie", "Process"};
    private static final char[] SPACES = new char[256];

    static {
        Arrays.fill(SPACES, ' ');
    }

    private final int columns;
    private final int[] width;
    private final StringBuilder cell = new StringBuilder(64);
    private char[] text = new char[1 << 16];
    private int textLength;
    /** For cell k (row-major), the offset in {@link #text} where it ends. */
    private int[] cellEnds = new int[1 << 12];
    private int cells;

    SocketTable(boolean withOwners) {
        this.columns = withOwners ? TITLES.length : TITLES.length - 1;
        this.width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = TITLES[c].length();
        }
    }

    @Override
    public void accept(ListedSocket l) {
        for (int c = 0; c < columns; c++) {
            cell.setLength(0);
            render(l, c, cell);
            append(cell);
            width[c] = Math.max(width[c], cell.length());
        }
    }

    private void append(StringBuilder s) {
        int n = s.length();
        if (textLength + n > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + n));
        }
        s.getChars(0, n, text, textLength);
        textLength += n;
        if (cells == cellEnds.length) {
            cellEnds = Arrays.copyOf(cellEnds, cells * 2);
        }
        cellEnds[cells++] = textLength;
    }

    void writeTo(PrintWriter out) {
        StringBuilder header = new StringBuilder(128);
        for (int c = 0; c < columns; c++) {
            header.append(TITLES[c]);
            if (c < columns - 1) {
                pad(header, width[c] + 1 - TITLES[c].length());
            }
        }
        out.println(trimEnd(header));
        char[] line = new char[256];
        for (int row = 0; row < cells / columns; row++) {
            int length = 0;
            int lastNonSpace = 0;
            for (int c = 0; c < columns; c++) {
                int k = row * columns + c;
                int start = k == 0 ? 0 : cellEnds[k - 1];
                int n = cellEnds[k] - start;
                int padded = c < columns - 1 ? width[c] + 1 : n;
                if (length + Math.max(n, padded) + 1 > line.length) {
                    line = Arrays.copyOf(line, (length + Math.max(n, padded) + 1) * 2);
                }
                System.arraycopy(text, start, line, length, n);
                if (n > 0) {
                    lastNonSpace = length + n;
                }
                length += n;
                for (int p = n; p < padded; p++) {
                    line[length++] = ' ';
                }
            }
            line[lastNonSpace] = '\n';
            out.write(line, 0, lastNonSpace + 1);
        }
    }

    private static void render(ListedSocket l, int column, StringBuilder out) {
        SocketEntry s = l.socket();
        switch (column) {
            case 0 -> out.append(s.netid().label());
            case 1 -> out.append(s.stateName());
            case 2 -> out.append(s.receiveQueue());
            case 3 -> out.append(s.sendQueue());
            case 4 -> endpoint(out, s, s.localAddress(), s.localPort());
            case 5 -> endpoint(out, s, s.peerAddress(), s.peerPort());
            case 6 -> out.append(s.inode());
            case 7 -> {
                if (s.uid() < 0) {
                    out.append('-');
                } else {
                    out.append(s.uid());
                }
            }
            case 8 -> {
                if (s.hasCookie()) {
                    out.append(Long.toHexString(s.cookie()));
                } else {
                    out.append('-');
                }
            }
            case 9 -> owners(out, l.owners());
            default -> throw new IllegalArgumentException("column " + column);
        }
    }

    /** ss -n style: 10.0.0.1:22, [::1]:22, * for port 0; UNIX: the path then the inode. */
    private static void endpoint(StringBuilder out, SocketEntry s, String address, long port) {
        if (s.netid().isUnix()) {
            out.append(address).append(' ');
            if (port == 0) {
                out.append('*');
            } else {
                out.append(port);
            }
            return;
        }
        if (s.isIpv6()) {
            out.append('[').append(address).append(']');
        } else {
            out.append(address);
        }
        out.append(':');
        if (port == 0) {
            out.append('*');
        } else {
            out.append(port);
        }
    }

    private static void owners(StringBuilder out, List<FdOwner> owners) {
        if (owners == null) {
            return;
        }
        for (int i = 0; i < owners.size(); i++) {
            FdOwner o = owners.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append(o.comm()).append("(pid=").append(o.pid()).append(",fd=").append(o.fd()).append(')');
        }
    }

    private static void pad(StringBuilder b, int n) {
        b.append(SPACES, 0, Math.max(0, Math.min(n, SPACES.length)));
    }

    private static String trimEnd(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }
}
