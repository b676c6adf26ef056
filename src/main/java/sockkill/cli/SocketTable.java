package sockkill.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import sockkill.core.ListedSocket;
import sockkill.core.SocketEntry;
import sockkill.proc.FdOwner;

/**
 * Sockets as an aligned table in ss's vocabulary. Alignment needs every row's widths before the
 * first line goes out, so rows are rendered once, as they arrive, into chunks of UTF-8 (some 80
 * bytes a socket, unpadded); {@link #writeTo} pads them and writes them out as bytes.
 */
final class SocketTable implements Consumer<ListedSocket> {
    private static final String[] TITLES = {"Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port",
        "Peer Address:Port", "Inode", "UID", "Cookie", "Process", "Netns"};
    private static final int PROCESS = 9;
    private static final int NETNS = 10;
    private static final int FLUSH_AT = 1 << 16;

    /** Rendered rows live in chunks of this size; a row never spans two, and nothing is ever copied to grow. */
    private static final int CHUNK = 1 << 20;

    private final int columns;
    private final int[] width;
    private final Utf8Text row = new Utf8Text(512);
    private final List<byte[]> chunks = new ArrayList<>();
    /** How many cells the chunk of the same index holds (some cells are empty). */
    private final List<Integer> chunkCells = new ArrayList<>();
    private int cellsInChunk;
    private byte[] chunk;
    private int used;
    /**
     * The byte length of cell k (row-major), in blocks of 64Ki: a million cells take 2 MiB, and the
     * table never copies them to grow (an int array doubled as it grows peaked at 12 MiB). A cell of
     * 0xFFFF bytes or more (a socket with thousands of holders) keeps its length in longCells.
     */
    private final List<char[]> cellLengths = new ArrayList<>();
    private static final int LENGTH_BLOCK = 1 << 16;
    private final Map<Integer, Integer> longCells = new HashMap<>();
    private int cellCount;
    /** Width in characters of the rare cells where it differs from their byte count (non-ASCII paths). */
    private final Map<Integer, Integer> wideCells = new HashMap<>();

    private final boolean header;
    /** Which column (an index into TITLES) each position shows. */
    private final int[] shown;
    /** The namespace of the rows being added, for the Netns column. */
    private String netns = "";

    SocketTable(boolean withOwners) {
        this(withOwners, true, false);
    }

    /**
     * Without {@code header}, no title line (ss -H). With {@code withNetns}, a Netns column before
     * Process ({@code list --all-netns}): the namespace's inode and its 'ip netns' name or a pid in it.
     */
    SocketTable(boolean withOwners, boolean header, boolean withNetns) {
        this.header = header;
        int n = PROCESS + (withOwners ? 1 : 0) + (withNetns ? 1 : 0);
        this.shown = new int[n];
        for (int c = 0; c < PROCESS; c++) {
            shown[c] = c;
        }
        int at = PROCESS;
        if (withNetns) {
            shown[at++] = NETNS;
        }
        if (withOwners) {
            shown[at] = PROCESS;
        }
        this.columns = n;
        this.width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = TITLES[shown[c]].length();
        }
    }

    /** The rows added from now on are in {@code label}'s namespace. */
    void inNamespace(String label) {
        this.netns = label;
    }

    @Override
    public void accept(ListedSocket l) {
        row.clear();
        for (int c = 0; c < columns; c++) {
            int start = row.length();
            int chars = render(l, shown[c], row);
            int bytes = row.length() - start;
            if (chars != bytes) {
                wideCells.put(cellCount, chars);
            }
            setCellLength(cellCount++, bytes);
            width[c] = Math.max(width[c], chars);
        }
        store(row.bytes(), row.length());
    }

    private void setCellLength(int k, int bytes) {
        if (k / LENGTH_BLOCK == cellLengths.size()) {
            cellLengths.add(new char[LENGTH_BLOCK]);
        }
        if (bytes >= Character.MAX_VALUE) {
            longCells.put(k, bytes);
        }
        cellLengths.get(k / LENGTH_BLOCK)[k % LENGTH_BLOCK] = (char) Math.min(bytes, Character.MAX_VALUE);
    }

    private int cellLength(int k) {
        char n = cellLengths.get(k / LENGTH_BLOCK)[k % LENGTH_BLOCK];
        return n == Character.MAX_VALUE ? longCells.get(k) : n;
    }

    private void store(byte[] bytes, int length) {
        if (chunk == null || used + length > chunk.length) {
            if (chunk != null) {
                chunkCells.add(cellsInChunk);
            }
            chunk = new byte[Math.max(CHUNK, length)];
            chunks.add(chunk);
            used = 0;
            cellsInChunk = 0;
        }
        System.arraycopy(bytes, 0, chunk, used, length);
        used += length;
        cellsInChunk += columns;
    }

    void writeTo(PrintWriter out) {
        if (chunk != null) {
            chunkCells.add(cellsInChunk);
            chunk = null;
        }
        Utf8Text text = new Utf8Text(FLUSH_AT + 1024);
        if (header) {
            for (int c = 0; c < columns; c++) {
                text.append(TITLES[shown[c]]);
                if (c < columns - 1) {
                    text.spaces(width[c] + 1 - TITLES[shown[c]].length());
                }
            }
            endLine(text);
        }
        int k = 0;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] bytes = chunks.get(i);
            int at = 0;
            for (int last = k + chunkCells.get(i); k < last; k++) {
                int c = k % columns;
                int n = cellLength(k);
                text.append(bytes, at, n);
                at += n;
                if (c < columns - 1) {
                    text.spaces(width[c] + 1 - wideCells.getOrDefault(k, n));
                } else {
                    endLine(text);
                    if (text.length() >= FLUSH_AT) {
                        StdoutWriter.writeUtf8(out, text.bytes(), 0, text.length());
                        text.clear();
                    }
                }
            }
        }
        StdoutWriter.writeUtf8(out, text.bytes(), 0, text.length());
    }

    /** Ends a line without the padding its last cells may have left. */
    private static void endLine(Utf8Text text) {
        text.trimTrailingSpaces();
        text.append('\n');
    }

    /** Renders one cell; returns its width in characters. */
    private int render(ListedSocket l, int column, Utf8Text out) {
        SocketEntry s = l.socket();
        return switch (column) {
            case 0 -> out.append(s.netid().label());
            case 1 -> out.append(s.stateName());
            case 2 -> out.decimal(s.receiveQueue());
            case 3 -> out.decimal(s.sendQueue());
            case 4 -> endpoint(out, s, s.localAddress(), s.localPort());
            case 5 -> endpoint(out, s, s.peerAddress(), s.peerPort());
            case 6 -> out.decimal(s.inode());
            case 7 -> s.uid() < 0 ? out.append("-") : out.decimal(s.uid());
            case 8 -> s.hasCookie() ? out.hex(s.cookie()) : out.append("-");
            case PROCESS -> owners(out, l.owners());
            case NETNS -> out.append(TerminalText.escape(netns));
            default -> throw new IllegalArgumentException("column " + column);
        };
    }

    /**
     * ss -n style: 10.0.0.1:22, [::1]:22, * for port 0; UNIX: the path then the inode, 0 for a peer
     * that is not there (as ss prints it, and as JSON's peer_port says).
     */
    private static int endpoint(Utf8Text out, SocketEntry s, String address, long port) {
        int chars;
        if (s.netid().isUnix()) {
            chars = out.append(TerminalText.escape(address)) + 1;
            out.append(' ');
            return chars + out.decimal(port);
        } else if (s.isIpv6()) {
            out.append('[');
            chars = out.append(address) + 3;
            out.append(']');
            out.append(':');
        } else {
            chars = out.append(address) + 1;
            out.append(':');
        }
        if (port == 0) {
            out.append('*');
            return chars + 1;
        }
        return chars + out.decimal(port);
    }

    private static int owners(Utf8Text out, List<FdOwner> owners) {
        if (owners == null) {
            return 0;
        }
        int chars = 0;
        for (int i = 0; i < owners.size(); i++) {
            FdOwner o = owners.get(i);
            if (i > 0) {
                chars += out.append(",");
            }
            chars += out.append(TerminalText.escape(o.comm()));
            chars += out.append("(pid=") + out.decimal(o.pid()) + out.append(",fd=") + out.decimal(o.fd());
            chars += out.append(")");
        }
        return chars;
    }
}
