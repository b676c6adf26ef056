package sockkill.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The system calls of one architecture: their names (x86_64 and aarch64 number them differently,
 * and aarch64 has no poll, select or epoll_wait) and, for the calls a process can be blocked in on
 * a socket, where in their arguments the fds are. Names come from the kernel headers
 * (resources {@code syscalls-ARCH.txt}, made by scripts/syscall-names.sh).
 */
public final class SyscallTable {
    /** Where a blocked call keeps the fds it waits on. */
    public enum Shape {
        /** Its first argument is the fd: read, recvfrom, sendmsg, connect, accept... */
        FD,
        /** A {@code struct pollfd} array in the process's memory: argument 0 its address, 1 its length. */
        POLL,
        /** fd_set bitmaps: argument 0 is nfds, 1 to 3 the addresses of the read, write, except sets. */
        SELECT,
        /** Argument 0 is an epoll fd; what it watches is in {@code /proc/P/fdinfo/EPFD}. */
        EPOLL,
        /** Anything else (futex, nanosleep, io_uring_enter...): reported by name, never guessed at. */
        OTHER
    }

    private static final Map<String, Shape> SHAPES = new HashMap<>();

    static {
        for (String fd : new String[] {"read", "readv", "pread64", "preadv", "preadv2", "recvfrom", "recvmsg",
            "recvmmsg", "write", "writev", "pwrite64", "pwritev", "pwritev2", "sendto", "sendmsg", "sendmmsg",
            "sendfile", "connect", "accept", "accept4"}) {
            SHAPES.put(fd, Shape.FD);
        }
        SHAPES.put("poll", Shape.POLL);
        SHAPES.put("ppoll", Shape.POLL);
        SHAPES.put("select", Shape.SELECT);
        SHAPES.put("pselect6", Shape.SELECT);
        SHAPES.put("epoll_wait", Shape.EPOLL);
        SHAPES.put("epoll_pwait", Shape.EPOLL);
        SHAPES.put("epoll_pwait2", Shape.EPOLL);
    }

    private final String arch;
    private final Map<Long, String> names;

    private SyscallTable(String arch, Map<Long, String> names) {
        this.arch = arch;
        this.names = names;
    }

    /** The table of {@code arch} ("x86_64", "aarch64"; the JDK's "amd64" and "arm64" too), if known. */
    public static Optional<SyscallTable> forArch(String arch) {
        String a = switch (arch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return a == null ? Optional.empty() : Optional.of(new SyscallTable(a, load(a)));
    }

    /** The table of the machine sockkill runs on (os.arch), if known. */
    public static Optional<SyscallTable> host() {
        return forArch(System.getProperty("os.arch", ""));
    }

    private static Map<Long, String> load(String arch) {
        String resource = "syscalls-" + arch + ".txt";
        Map<Long, String> names = new HashMap<>(512);
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from sockkill's jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                names.put(Long.parseLong(line.substring(0, space)), line.substring(space + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** "x86_64" or "aarch64". */
    public String arch() {
        return arch;
    }

    /** The call's name, e.g. "futex"; "syscall N" for a number this table does not know. */
    public String name(long number) {
        String n = names.get(number);
        return n != null ? n : "syscall " + number;
    }

    public Shape shape(long number) {
        String n = names.get(number);
        return n == null ? Shape.OTHER : SHAPES.getOrDefault(n, Shape.OTHER);
    }
}
