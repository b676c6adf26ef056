package sockkill.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
                + "lines starting with # are skipped. Each target is reported on its own line (with --json, one "
                + "object per line, with its line number).",
            "'inode N' lines are answered from one dump of each network namespace, taken again when a line names "
                + "an inode it lacks and it is over a second old. A socket a line killed is 'already gone' for "
                + "later lines naming its inode.",
            "Exit status: 0 if every target was killed, otherwise that of the first one that was not."},
        footer = ExitCodes.HELP)
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KillOptionsMixin kill;

    @Option(names = "--all-netns", description = "Search every network namespace for 'inode N' targets.")
    boolean allNamespaces;

    /** The input; tests hand in their own. */
    BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchKiller killer = new BatchKiller(new SocketKiller(ProcFs.system(), kill.toOptions()));
        int status = ExitCodes.OK;
        String line;
        int number = 0;
        while ((line = input.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] words = text.split("\\s+");
            int lineNumber = number;
            KillOutput.Target target = json -> json.beginObject().field("line", lineNumber).field("text", text).endObject();
            try {
                KillReport r;
                if (words.length == 2 && words[0].equals("inode")) {
                    long inode = parse(words[1], "inode", 0xffff_ffffL);
                    target = json -> json.beginObject().field("line", lineNumber).field("inode", inode).endObject();
                    r = allNamespaces ? killer.killInodeAnywhere(inode)
                            : killer.killInode(inode, NetworkNamespace.current());
                } else if (words.length == 4 && words[0].equals("pid") && words[2].equals("fd")) {
                    int pid = (int) parse(words[1], "pid", Integer.MAX_VALUE);
                    int fd = (int) parse(words[3], "fd", Integer.MAX_VALUE);
                    target = json -> json.beginObject().field("line", lineNumber).field("pid", pid).field("fd", fd)
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
        out.flush();
        return status;
    }

    private static long parse(String text, String what, long max) throws Problem {
        if (!Digits.isDecimal(text) || text.length() > 18
                || Long.parseLong(text) > max || (Long.parseLong(text) == 0 && !what.equals("fd"))) {
            throw new Problem(Problem.Kind.USAGE, "invalid " + what + " '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
