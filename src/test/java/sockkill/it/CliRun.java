package sockkill.it;

import java.io.PrintWriter;
import java.io.StringWriter;

import sockkill.cli.Cli;

/** Runs sockkill's command line in this JVM as main runs it (Cli.execute), capturing its output. */
final class CliRun {
    private CliRun() {
    }

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }
}
