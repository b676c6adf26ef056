package sockkill.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sockkill.core.BatchKiller;
import sockkill.core.Digits;
import sockkill.core.KillReport;
import sockkill.core.Problem;
import sockkill.core.SocketKiller;
import sockkill.proc.ProcFs;
import sockkill.sys.NetworkNamespace;

/**
 * {@code sockkill - < targets}: one target per line, {@code inode N} or {@code pid P fd F}, each
 * reported on its own line, so that a script pays the start-up once.
 */
@Command(name = "batch", aliases = "-", mixinStandardHelpOptions = true,
        description = {"Read targets from standard input, one per line: 'inode N' or 'pid P fd F'. Blank lines and "
                + "lines starting with # are skipped; a line longer than 4096 bytes is refused (exit 2) and skipped. "
                + "Each target is reported on its own line (with --json, one object per line whose target is "
                + "{\"line\",\"inode\"} or {\"line\",\"pid\",\"fd\"}, or {\"line\",\"text\"} for a line that is not a "
                + "target).",
            "'inode N' lines are answered from one dump of each network namespace, taken again when a line names "
                + "an inode it lacks and it is over a second old. A socket a line killed is 'already gone' for "
                + "later lines naming its inode.",
            "Exit status: 0 if every target was killed, otherwise that of the first one that was not; 2 when "
                + "standard input is closed or a directory; 74 when it cannot be read."},
        footer = ExitCodes.HELP)
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KillOptionsMixin kill;

    @Option(names = "--all-netns", description = "Search every network namespace for 'inode N' targets.")
    boolean allNamespaces;

    @Mixin
    NamespaceOption namespace;

    /** The input; tests hand in their own. */
    InputStream input = System.in;

    @Override
    public Integer call() throws Problem {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (input == System.in && StandardInput.wasClosed()) {
            throw new Problem(Problem.Kind.USAGE, "standard input is closed; give the targets on it, one per line "
                    + "(sockkill - < FILE)");
        }
        if (allNamespaces && namespace.given()) {
            throw new Problem(Problem.Kind.USAGE, "--netns and --all-netns exclude each other");
        }
        NetworkNamespace inodesIn = namespace.resolve(NetworkNamespace.current());
        BatchKiller killer = new BatchKiller(new SocketKiller(ProcFs.system(), kill.toOptions(Invocation.of(spec))));
        TargetLines lines = new TargetLines(input);
        int status = ExitCodes.OK;
        while (true) {
            TargetLines.Line line;
            try {
                line = lines.next();
            } catch (IOException e) {
                return readFailed(err, e, status);
            }
            if (line == null) {
                break;
            }
            int number = line.number();
            String text = line.tooLong() ? null : line.text().strip();
            if (text != null && (text.isEmpty() || text.startsWith("#"))) {
                continue;
            }
            KillOutput.Target target = text == null
                    ? json -> json.beginObject().field("line", number).endObject()
                    : json -> json.beginObject().field("line", number).field("text", text).endObject();
            try {
                if (text == null) {
                    throw new Problem(Problem.Kind.USAGE, "longer than " + TargetLines.MAX_BYTES
                            + " bytes; skipped (a target is 'inode N' or 'pid P fd F')");
                }
                kill.audit.given("line " + number + ": " + text);
                String[] words = text.split("\\s+");
                KillReport r;
                if (words.length == 2 && words[0].equals("inode")) {
                    long inode = parse(words[1], "inode", 0xffff_ffffL);
                    target = json -> json.beginObject().field("line", number).field("inode", inode).endObject();
                    r = allNamespaces ? killer.killInodeAnywhere(inode)
                            : killer.killInode(inode, inodesIn);
                } else if (words.length == 4 && words[0].equals("pid") && words[2].equals("fd")) {
                    int pid = (int) parse(words[1], "pid", Integer.MAX_VALUE);
                    int fd = (int) parse(words[3], "fd", Integer.MAX_VALUE);
                    target = json -> json.beginObject().field("line", number).field("pid", pid).field("fd", fd)
                            .endObject();
                    r = killer.killFd(pid, fd);
                } else {
                    throw new Problem(Problem.Kind.USAGE, "expected 'inode N' or 'pid P fd F', found '" + text + "'");
                }
                if (kill.json) {
                    KillOutput.report(out, r, true, target);
                } else {
                    out.print("line " + number + ": ");
                    KillOutput.report(out, r, false, target);
                }
            } catch (Problem | IOException e) {
                int code = e instanceof Problem p ? ExitCodes.of(p.kind()) : ExitCodes.INTERNAL;
                status = status == ExitCodes.OK ? code : status;
                if (kill.json) {
                    KillOutput.failure(out, e, target);
                }
                err.println(TerminalText.escape("sockkill: line " + number + ": " + e.getMessage()));
                err.flush();
            }
        }
        StdoutWriter.flushOrFail(out);
        return status;
    }

    /** Standard input could not be read: a directory is a usage error, anything else a read error (74). */
    private int readFailed(PrintWriter err, IOException e, int status) throws Problem {
        if (input == System.in && StandardInput.isDirectory()) {
            throw new Problem(Problem.Kind.USAGE, "standard input is a directory; give the targets on it, one per line "
                    + "(sockkill - < FILE)");
        }
        StdoutWriter.flushOrFail(spec.commandLine().getOut());
        err.println(TerminalText.escape("sockkill: read error on standard input: " + e.getMessage()));
        err.flush();
        return ExitCodes.OUTPUT_ERROR;
    }

    private static long parse(String text, String what, long max) throws Problem {
        if (!Digits.isDecimal(text) || text.length() > 18
                || Long.parseLong(text) > max || (Long.parseLong(text) == 0 && !what.equals("fd"))) {
            throw new Problem(Problem.Kind.USAGE, "invalid " + what + " '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
