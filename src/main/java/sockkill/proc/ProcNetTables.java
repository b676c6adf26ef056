package sockkill.proc;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Parsers for the text socket tables under /proc/net (or /proc/PID/net for another process's
 * network namespace). The discovery fallback when NETLINK_SOCK_DIAG cannot be used.
 */
public final class ProcNetTables {
    private final Path netDir;

    private ProcNetTables(Path netDir) {
        this.netDir = netDir;
    }

    /** The tables of the caller's network namespace. */
    public static ProcNetTables ofSelf(ProcFs proc) {
        return new ProcNetTables(proc.root().resolve("self").resolve("net"));
    }

    /** The tables of {@code pid}'s network namespace. */
    public static ProcNetTables ofPid(ProcFs proc, int pid) {
        return new ProcNetTables(proc.root().resolve(Integer.toString(pid)).resolve("net"));
    }

    public static ProcNetTables of(Path netDir) {
        return new ProcNetTables(netDir);
    }

    /** True when the kernel has this table (e.g. "udplite6" needs UDP-Lite). */
    public boolean has(String table) {
        return Files.isRegularFile(netDir.resolve(table));
    }

    /**
     * Reads an inet table: "tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6".
     *
     * @throws NoSuchFileException when the kernel has no such table
     */
    public List<ProcNetInetEntry> inet(String table) throws IOException {
        boolean ipv6 = table.endsWith("6");
        Path file = netDir.resolve(table);
        String[] lines = new String(read(file), StandardCharsets.US_ASCII).split("\n");
        List<ProcNetInetEntry> out = new ArrayList<>();
        // line 1: column titles
        for (int n = 1; n < lines.length; n++) {
            if (!lines[n].isBlank()) {
                out.add(parseInet(lines[n], ipv6, file, n + 1));
            }
        }
        return out;
    }

    /**
     * Reads /proc/net/unix, where a socket's name may hold line feeds (see {@link ProcNetUnixParser}).
     *
     * @param confirmed whether a socket with this inode exists (a process holds it); asked only about a
     *     line that could be a record or part of the name before it
     */
    public ProcNetUnixTable unix(LongPredicate confirmed) throws IOException {
        Path file = netDir.resolve("unix");
        ProcNetUnixParser.Table t = ProcNetUnixParser.parse(read(file), confirmed, file);
        return new ProcNetUnixTable(t.entries(), t.unconfirmed());
    }

    /**
     * The whole file. Read through a plain stream: a file channel's first use makes the JVM open a
     * UNIX socketpair of its own, which would then show up in the listing.
     */
    private static byte[] read(Path file) throws IOException {
        try (InputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw e;
        }
    }

    //   sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt   uid  timeout inode ...
    //    0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 ...
    static ProcNetInetEntry parseInet(String line, boolean ipv6, Path file, int lineNumber) throws IOException {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            throw malformed(file, lineNumber, "expected at least 10 fields, found " + f.length);
        }
        try {
            int colon = f[4].indexOf(':');
            if (f[3].length() != 2) {
                throw new IllegalArgumentException("state '" + f[3] + "' is not two hex digits");
            }
            return new ProcNetInetEntry(ipv6,
                    Integer.parseUnsignedInt(f[3], 16),
                    address(f[1], ipv6), port(f[1], ipv6),
                    address(f[2], ipv6), port(f[2], ipv6),
                    Long.parseUnsignedLong(f[4].substring(0, colon), 16),
                    Long.parseUnsignedLong(f[4].substring(colon + 1), 16),
                    unsignedDecimal(f[7], "uid"),
                    unsignedDecimal(f[9], "inode"));
        } catch (RuntimeException e) {
            throw malformed(file, lineNumber, e.getMessage());
        }
    }

    private static long unsignedDecimal(String field, String what) {
        if (field.isEmpty() || field.length() > 18 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + field + "' is not a number");
        }
        return Long.parseLong(field);
    }

    /** "ADDRHEX:PORTHEX" (the kernel prints %08X:%04X): checks the shape and returns the port. */
    private static int port(String field, boolean ipv6) {
        int colon = field.indexOf(':');
        int expected = ipv6 ? 32 : 8;
        if (colon != expected || field.length() != colon + 5) {
            throw new IllegalArgumentException("address '" + field + "' is not " + expected
                    + " hex digits and a 4-digit port");
        }
        return Integer.parseUnsignedInt(field.substring(colon + 1), 16);
    }

    /**
     * The kernel prints each 32-bit word of the address with %08X, i.e. as a number in host order;
     * laid back into memory in host order the bytes are the address in network order.
     */
    private static byte[] address(String field, boolean ipv6) {
        byte[] out = new byte[16];
        int words = ipv6 ? 4 : 1;
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int w = 0; w < words; w++) {
            long word = Long.parseUnsignedLong(field.substring(8 * w, 8 * w + 8), 16);
            for (int i = 0; i < 4; i++) {
                int shift = little ? 8 * i : 8 * (3 - i);
                out[4 * w + i] = (byte) (word >>> shift);
            }
        }
        return out;
    }

    private static IOException malformed(Path file, int lineNumber, String problem) {
        return new IOException(file + " line " + lineNumber + ": " + problem);
    }
}
