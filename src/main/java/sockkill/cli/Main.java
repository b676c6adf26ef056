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
        Native.preload();
        // Large listings go out through one buffered writer on fd 1, flushed once at the end.
        StdoutWriter out = new StdoutWriter(new FileOutputStream(FileDescriptor.out));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        int status = Cli.create(out, err, args).execute(args);
        status = out.finish(status, err);
        err.flush();
        System.exit(status);
    }
}
