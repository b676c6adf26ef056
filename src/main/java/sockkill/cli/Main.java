package sockkill.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import sockkill.sys.Native;

/** Entry point: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (mayCallNative(args)) {
            Native.preload();
        }
        // Large listings go out through one buffered writer on fd 1, flushed once at the end.
        StdoutWriter out = new StdoutWriter(new FileOutputStream(FileDescriptor.out));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        int status = Cli.execute(out, err, args);
        status = out.finish(status, err);
        err.flush();
        // Everything sockkill wrote is flushed, and it registers no shutdown hook: halt rather than
        // System.exit, which on JDK 21+ first sets up the platform logging to log the exit (some
        // 13 ms, a fifth of --version) and then runs the JDK's own hooks, none of which apply.
        Runtime.getRuntime().halt(status);
    }

    /** Whether the command may make a native call: not --version or help, which only print. */
    private static boolean mayCallNative(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        boolean printsOnly = first.equals("--version") || first.equals("-V") || first.equals("--help")
                || first.equals("-h") || first.equals("help")
                || args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"));
        return !printsOnly;
    }
}
