package sockkill.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sockkill.sys.Native;

/**
 * Build time only, not a command: runs every command in one JVM, so that the start-up archive
 * (a JDK AOT cache, or a class list for a static CDS archive) learns what each of them loads. The
 * AOT workflow allows one training run, hence one JVM for all.
 *
 * <p>Read-only and killing nothing: kills are dry runs, name an inode no socket has, or match a
 * port no socket uses; {@code why} only looks. Every command's {@code --help} comes from the
 * model, so commands added later are trained too. Standard input feeds {@code sockkill -} (with --dry-run).
 *
 * <p>Usage: {@code java -cp sockkill.jar sockkill.cli.Training [PID FD INODE]}, with a socket some
 * process holds, for the kill paths to run to their end.
 */
public final class Training {
    private Training() {
    }

    /** An inode no socket has: inode numbers are 32-bit, and this one is never handed out first. */
    private static final String NO_SUCH_INODE = "4294967295";

    public static void main(String[] args) {
        Native.preload();
        PrintWriter out = new StdoutWriter(new FileOutputStream(FileDescriptor.out));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        for (String[] run : runs(args, out, err)) {
            Cli.execute(out, err, run);
            out.flush();
        }
    }

    private static List<String[]> runs(String[] socket, PrintWriter out, PrintWriter err) {
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"--version"});
        runs.add(new String[] {"--help"});
        for (String command : Cli.create(out, err).getSubcommands().keySet()) {
            runs.add(new String[] {command, "--help"});
        }
        runs.add(new String[] {"list"});
        runs.add(new String[] {"list", "--json"});
        runs.add(new String[] {"list", "-t", "--state", "established", "--no-owners"});
        runs.add(new String[] {"list", "-tanp"});
        runs.add(new String[] {"version"});
        runs.add(new String[] {"inode", NO_SUCH_INODE});
        runs.add(new String[] {"inode", NO_SUCH_INODE, "--json"});
        runs.add(new String[] {"match", "--dport", "1", "--dry-run"});
        runs.add(new String[] {"match", "--dport", "1", "--dry-run", "--json"});
        runs.add(new String[] {"inode", "not-a-number"});
        // what the shell that started this JVM is blocked in (wait4): why and pid P diagnose it, killing nothing
        String shell = ProcessHandle.current().parent().map(p -> Long.toString(p.pid())).orElse("1");
        runs.add(new String[] {"why", shell});
        runs.add(new String[] {"why", shell, "--json"});
        runs.add(new String[] {"pid", shell, "--dry-run"});
        if (socket.length == 3) {
            String pid = socket[0];
            String fd = socket[1];
            String inode = socket[2];
            runs.add(new String[] {"pid", pid, "fd", fd, "--dry-run"});
            runs.add(new String[] {"pid", pid, "fd", fd, "--dry-run", "--json"});
            runs.add(new String[] {"inode", inode, "--dry-run"});
            runs.add(new String[] {"inode", inode, "--dry-run", "--json"});
            // what that process waits on (often an epoll set of sockets), killing nothing
            runs.add(new String[] {"why", pid, "--json"});
            runs.add(new String[] {"pid", pid, "--dry-run"});
        }
        String[] own = ownBlockedConnection();
        if (own != null) {
            String self = Long.toString(ProcessHandle.current().pid());
            runs.add(new String[] {"why", self});
            runs.add(new String[] {"pid", self, "--dry-run"});
            runs.add(new String[] {"pid", self, "--dry-run", "--json"});
            runs.add(new String[] {"pid", self, "fd", own[0], "--dry-run"});
            runs.add(new String[] {"inode", own[1], "--dry-run"});
            runs.add(new String[] {"match", "--tcp", "--dport", own[2], "--dry-run"});
            runs.add(new String[] {"match", "--tcp", "--dport", own[2], "--dry-run", "--json"});
        }
        runs.add(new String[] {"-", "--dry-run"});
        return runs;
    }

    /** Kept open for the whole training: the connection {@link #ownBlockedConnection} made. */
    private static final List<AutoCloseable> KEPT = new ArrayList<>();

    /**
     * A TCP connection of this JVM's own on loopback, and a thread blocked reading it: what a hung
     * client looks like, so that {@code why P}, {@code pid P}, {@code pid P fd F} and {@code inode N}
     * run their TCP paths to the end, and {@code match} selects it (dry runs all; the connection
     * ends with the training). The socket some other process holds may be a UNIX one, or there may
     * be none. Returns the client's fd and inode and the server's port, or null where this cannot
     * be set up.
     */
    private static String[] ownBlockedConnection() {
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            ServerSocket server = new ServerSocket(0, 1, loopback);
            KEPT.add(server);
            Socket client = new Socket(loopback, server.getLocalPort());
            KEPT.add(client);
            KEPT.add(server.accept());
            Thread reader = new Thread(() -> {
                try {
                    client.getInputStream().read();
                } catch (IOException ended) {
                    // the training is over
                }
            }, "training reader");
            reader.setDaemon(true);
            reader.start();
            String inode = inodeOfLocalPort(client.getLocalPort());
            String fd = inode == null ? null : fdOf(inode);
            Thread.sleep(100); // until the reader waits in the kernel
            return fd == null ? null : new String[] {fd, inode, Integer.toString(server.getLocalPort())};
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The inode of this namespace's TCP socket bound to local port {@code port}, from /proc/net/tcp{,6}. */
    private static String inodeOfLocalPort(int port) throws IOException {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(suffix)) {
                    return f[9];
                }
            }
        }
        return null;
    }

    /** This process's fd that holds socket {@code inode}. */
    private static String fdOf(String inode) throws IOException {
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(target)) {
                        return fd.getFileName().toString();
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own fd, gone by now
                }
            }
        }
        return null;
    }
}
