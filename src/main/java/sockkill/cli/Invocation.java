package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * What a running command takes from the command line that started it: where to write, the words it
 * was given (the audit trail logs them), and whether {@code --verbose} was among them. picocli's
 * model provides it ({@link #of(CommandSpec)}); {@link QuickStart}, which runs the commonest command
 * lines without building a model, makes its own.
 */
record Invocation(PrintWriter out, PrintWriter err, List<String> args, boolean verbose) {
    /** The invocation picocli parsed for the command {@code spec} describes. */
    static Invocation of(CommandSpec spec) {
        ParseResult parsed = spec.root().commandLine().getParseResult();
        List<String> args = parsed == null ? List.of() : parsed.originalArgs();
        return new Invocation(spec.commandLine().getOut(), spec.commandLine().getErr(),
                args.isEmpty() ? List.of(spec.name()) : args, Cli.verbose(parsed));
    }
}
