package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;

import sockkill.core.ListedSocket;
import sockkill.core.SocketEntry;
import sockkill.proc.FdOwner;

/**
 * Sockets as an aligned table in ss's vocabulary. Column widths come from a first pass that
 * measures without building strings; the second pass writes.
 */
final class SocketTable {
    private static final String[] TITLES = {"Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port",
        "Peer Address:Port", "Inode", "UID", "Cookie", "Process"};
    private static final int COLUMNS = TITLES.length;

    private SocketTable() {
    }

    static void write(PrintWriter out, List<ListedSocket> sockets, boolean withOwners) {
        int columns = withOwners ? COLUMNS : COLUMNS - 1;
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = TITLES[c].length();
        }
        StringBuilder cell = new StringBuilder(64);
        for (ListedSocket l : sockets) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], measure(l, c, cell));
            }
        }
        StringBuilder line = new StringBuilder(256);
        for (int c = 0; c < columns; c++) {
            pad(line, TITLES[c], c == columns - 1 ? 0 : width[c]);
        }
        out.append(trimEnd(line)).append('\n');
        for (ListedSocket l : sockets) {
            line.setLength(0);
            for (int c = 0; c < columns; c++) {
                cell.setLength(0);
                render(l, c, cell);
                pad(line, cell, c == columns - 1 ? 0 : width[c]);
            }
            out.append(trimEnd(line)).append('\n');
        }
    }

    private static int measure(ListedSocket l, int column, StringBuilder scratch) {
        SocketEntry s = l.socket();
        return switch (column) {
            case 2 -> digits(s.receiveQueue());
            case 3 -> digits(s.sendQueue());
            case 6 -> digits(s.inode());
            default -> {
                scratch.setLength(0);
                render(l, column, scratch);
                yield scratch.length();
            }
        };
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
            out.append(address).append(' ').append(port == 0 ? "*" : Long.toString(port));
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

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static void pad(StringBuilder line, CharSequence text, int width) {
        line.append(text);
        for (int i = text.length(); i < width + 1; i++) {
            line.append(' ');
        }
    }

    private static CharSequence trimEnd(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        line.setLength(end);
        return line;
    }
}
