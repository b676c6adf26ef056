package sockkill.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        runs.add(new String[] {"-", "--dry-run"});
        return runs;
    }
}
