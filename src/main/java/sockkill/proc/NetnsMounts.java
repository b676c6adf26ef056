package sockkill.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Network namespaces kept alive by a bind mount of their nsfs file ({@code ip netns add} makes them
 * under /run/netns), read from /proc/self/mountinfo: a namespace no process lives in can only be
 * reached through such a file.
 */
public final class NetnsMounts {
    /** A mounted namespace file and the namespace's nsfs inode (from the mount's root, "net:[INODE]"). */
    public record Mount(Path file, long inode) {
    }

    private static final String NET_ROOT = "net:[";

    private NetnsMounts() {
    }

    public static List<Mount> scan(ProcFs proc) throws IOException {
        try {
            return parse(Files.readString(proc.mountInfo()));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * Every nsfs mount of a network namespace in mountinfo text. A line is "ID PARENT MAJ:MIN ROOT
     * MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS"; the mount point escapes
     * space, tab, newline and backslash as octal (\040). Lines that do not parse are skipped.
     */
    static List<Mount> parse(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 1 >= f.length || !f[dash + 1].equals("nsfs")) {
                continue;
            }
            String root = f[3];
            if (!root.startsWith(NET_ROOT) || !root.endsWith("]")) {
                continue;
            }
            long inode = ProcFs.parseDecimal(root.substring(NET_ROOT.length(), root.length() - 1), 18);
            String mountPoint = unescape(f[4]);
            if (inode > 0 && mountPoint != null && mountPoint.startsWith("/")) {
                try {
                    out.add(new Mount(Path.of(mountPoint), inode));
                } catch (InvalidPathException unrepresentable) {
                    // a name this JVM's file-name encoding cannot hold: not reachable by path anyway
                }
            }
        }
        return out;
    }

    /** mountinfo's octal escapes ("\040" for a space) undone; null for a malformed escape. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 3 >= s.length()) {
                return null;
            }
            int code = 0;
            for (int k = 1; k <= 3; k++) {
                char d = s.charAt(i + k);
                if (d < '0' || d > '7') {
                    return null;
                }
                code = code * 8 + (d - '0');
            }
            out.append((char) code);
            i += 3;
        }
        return out.toString();
    }
}
