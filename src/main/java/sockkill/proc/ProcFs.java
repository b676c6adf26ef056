package sockkill.proc;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Reads of /proc about processes: their pids, names, and what their fds point at. */
public final class ProcFs {
    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    public Path root() {
        return root;
    }

    /** Every pid /proc lists now (processes may come and go while we look). */
    public List<Integer> pids() throws IOException {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                int pid = parsePositive(p.getFileName().toString());
                if (pid > 0) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    public boolean exists(int pid) {
        return Files.isDirectory(pidDir(pid));
    }

    /**
     * The command name (/proc/PID/comm), or "?" if the process is gone or hidden. The name is
     * whatever bytes the process chose (prctl PR_SET_NAME, at most 15): read as UTF-8, with each
     * invalid byte shown as U+FFFD rather than losing the name. Read through a plain stream, not a
     * file channel, whose first use makes the JVM open a UNIX socketpair of its own.
     */
    public String comm(int pid) {
        try (InputStream in = new FileInputStream(pidDir(pid).resolve("comm").toFile())) {
            byte[] b = in.readNBytes(64);
            int n = b.length > 0 && b[b.length - 1] == '\n' ? b.length - 1 : b.length;
            return new String(b, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "?";
        }
    }

    /** What fd {@code fd} of {@code pid} points at. */
    public FdLink fd(int pid, int fd) throws IOException {
        Path link = pidDir(pid).resolve("fd").resolve(Integer.toString(fd));
        try {
            return new FdLink(pid, fd, Files.readSymbolicLink(link).toString());
        } catch (NoSuchFileException e) {
            if (!exists(pid)) {
                throw new NoSuchProcessException(pid);
            }
            throw new NoSuchFdException(pid, fd);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(link.toString(), null,
                    "cannot read fds of pid " + pid + " (needs to be its owner or root)");
        }
    }

    /** Visits each socket fd of one process. */
    @FunctionalInterface
    public interface SocketFdVisitor {
        void visit(int pid, int fd, long inode);
    }

    /**
     * Visits every socket fd of {@code pid}.
     *
     * @throws NoSuchProcessException if the process is not there
     * @throws AccessDeniedException if its fd table may not be read
     */
    public void socketFds(int pid, SocketFdVisitor visitor) throws IOException {
        Path fdDir = pidDir(pid).resolve("fd");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(fdDir)) {
            for (Path entry : dir) {
                int fd = parsePositiveOrZero(entry.getFileName().toString());
                if (fd < 0) {
                    continue;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(entry).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                long inode = FdLink.socketInode(target);
                if (inode >= 0) {
                    visitor.visit(pid, fd, inode);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new NoSuchProcessException(pid);
        }
    }

    /**
     * The process a thread id belongs to: the Tgid line of /proc/ID/status. A process's own pid
     * gives itself; another thread's id (what strace -f prints) gives its process. Empty when no
     * such task exists.
     */
    public OptionalInt threadGroup(int id) throws IOException {
        try {
            for (String line : Files.readAllLines(pidDir(id).resolve("status"))) {
                if (line.startsWith("Tgid:")) {
                    int tgid = parsePositive(line.substring(5).strip());
                    return tgid > 0 ? OptionalInt.of(tgid) : OptionalInt.empty();
                }
            }
            return OptionalInt.empty();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return OptionalInt.empty();
        }
    }

    /** /proc/self/mountinfo: the mounts this process sees, bind-mounted namespace files among them. */
    public Path mountInfo() {
        return root.resolve("self").resolve("mountinfo");
    }

    /** The netns file of {@code pid}. */
    public Path netnsFile(int pid) {
        return pidDir(pid).resolve("ns").resolve("net");
    }

    private Path pidDir(int pid) {
        return root.resolve(Integer.toString(pid));
    }

    private static int parsePositive(String s) {
        int v = parsePositiveOrZero(s);
        return v > 0 ? v : -1;
    }

    private static int parsePositiveOrZero(String s) {
        return (int) parseDecimal(s, 9);
    }

    /**
     * {@code s} as a decimal number of at most {@code maxDigits} ASCII digits (18 at most, so it fits
     * a long), or -1 for anything else: the names and numbers /proc prints.
     */
    static long parseDecimal(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
