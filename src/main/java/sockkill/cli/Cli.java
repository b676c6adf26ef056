package sockkill.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jnr.constants.platform.Errno;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import sockkill.core.Privileges;
import sockkill.core.Problem;
import sockkill.netlink.NetlinkErrorException;
import sockkill.proc.NoSuchProcessException;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;

/**
 * The one factory of sockkill's command line, for main and for tests alike: it installs the
 * writers, the exit-code mapping, and the handlers that turn any failure into one line on stderr
 * (a stack trace only with --verbose).
 */
public final class Cli {
    private Cli() {
    }

    /** The subcommands, by name, in the order --help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("inode", InodeCommand::new);
        COMMANDS.put("pid", PidCommand::new);
        COMMANDS.put("why", WhyCommand::new);
        COMMANDS.put("match", MatchCommand::new);
        COMMANDS.put("batch", BatchCommand::new);
        COMMANDS.put("-", BatchCommand::new);
        COMMANDS.put("list", ListCommand::new);
        COMMANDS.put("watch", WatchCommand::new);
        COMMANDS.put("version", VersionCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    /** Commands that need every other one built: help names and describes them. */
    private static final String HELP = "help";

    /**
     * The command line for {@code args}. Building picocli's model of a command costs milliseconds
     * of reflection, and a root script may call sockkill often: when {@code args} name a
     * subcommand, only that one is built; otherwise (help, a typo, no command) all of them are.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SockkillCommand());
        Supplier<Object> named = args.length > 0 && !args[0].equals(HELP) ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(args[0], named.get());
        } else {
            COMMANDS.forEach((name, command) -> {
                if (!name.equals("-")) {
                    cli.addSubcommand(name, command.get());
                }
            });
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Cli::onBadUsage);
        cli.setExecutionExceptionHandler(Cli::onFailure);
        cli.setExecutionStrategy(Cli::run);
        return cli;
    }

    /**
     * Runs sockkill with {@code args} as main does, for main and tests alike: a line {@link QuickStart}
     * knows runs without picocli's model, any other through it. Returns the exit status.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        QuickStart.Ready quick = QuickStart.parse(args);
        return quick != null ? quick.run(out, err) : create(out, err, args).execute(args);
    }

    /** Runs the chosen command; an Error (a native library that cannot load...) is reported like any failure. */
    private static int run(ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (LinkageError e) {
            throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.toString(), e);
        }
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        return badUsage(cmd.getErr(), cmd.getCommandSpec().qualifiedName(), e.getMessage());
    }

    /** A usage error, one line naming {@code command}'s help ("sockkill pid"): exit 2. */
    static int badUsage(PrintWriter err, String command, String message) {
        err.println(TerminalText.escape("sockkill: " + message + " (see '" + command + " --help')"));
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        return failed(e, cmd.getCommandSpec().qualifiedName(), cmd.getOut(), cmd.getErr(), verbose(parsed));
    }

    /**
     * A command ({@code command}: "sockkill pid") failed: one line on stderr saying what to do, the
     * stack trace with {@code verbose}; returns the exit status.
     */
    static int failed(Throwable e, String command, PrintWriter out, PrintWriter err, boolean verbose) {
        if (e instanceof StdoutWriter.OutputFailedException) {
            // Main says which (a quiet 141 for a reader that went away, else a write error and 74)
            return ExitCodes.OUTPUT_ERROR;
        }
        if (e instanceof UsageError) {
            out.flush();
            return badUsage(err, command, e.getMessage());
        }
        out.flush();
        Failure f = describe(e);
        if (f.status() == ExitCodes.INTERNAL) {
            Optional<String> limit = FileDescriptorLimit.tooLow();
            if (limit.isPresent()) {
                f = new Failure(ExitCodes.SYSTEM_LIMIT, limit.get());
            }
        }
        err.println(TerminalText.escape("sockkill: " + f.message()));
        if (verbose) {
            printTrace(err, e);
        } else if (f.status() == ExitCodes.INTERNAL) {
            err.println("sockkill: this is a bug; run again with --verbose and report the output");
        }
        err.flush();
        return f.status();
    }

    private record Failure(int status, String message) {
    }

    /**
     * The stack trace, as printStackTrace shows it, but each message escaped like every other line:
     * a message may quote a path or a command name that someone else chose.
     */
    private static void printTrace(PrintWriter err, Throwable e) {
        String prefix = "";
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 20; t = t.getCause()) {
            err.println(TerminalText.escape(prefix + t));
            for (StackTraceElement frame : t.getStackTrace()) {
                err.println("\tat " + TerminalText.escape(frame.toString()));
            }
            prefix = "Caused by: ";
        }
    }

    private static Failure describe(Throwable e) {
        Throwable error = e instanceof CommandLine.ExecutionException x && x.getCause() instanceof Error cause
                ? cause : e;
        if (error instanceof Error) {
            Throwable root = error.getCause() != null ? error.getCause() : error;
            return new Failure(ExitCodes.INTERNAL, "internal error: " + root);
        }
        if (e instanceof Problem p) {
            return new Failure(ExitCodes.of(p.kind()), p.getMessage());
        }
        if (e instanceof NoSuchProcessException n) {
            return new Failure(ExitCodes.NO_SUCH_PROCESS, n.getMessage());
        }
        if (e instanceof AccessDeniedException a) {
            return new Failure(ExitCodes.PERMISSION, "permission denied: " + (a.getReason() != null ? a.getReason()
                    : a.getFile()) + "; " + Privileges.ofSelf().needsPtrace("to look into another user's processes"));
        }
        if (e instanceof NativeException n && (n.is(Errno.EPERM) || n.is(Errno.EACCES))) {
            return new Failure(ExitCodes.PERMISSION, n.getMessage() + "; " + needs(n.call()));
        }
        if (e instanceof NetlinkErrorException n && (n.is(Errno.EPERM) || n.is(Errno.EACCES))) {
            return new Failure(ExitCodes.PERMISSION, n.getMessage() + "; "
                    + Privileges.ofSelf().needsNetAdmin("the socket's network namespace"));
        }
        if (e instanceof IOException) {
            return new Failure(ExitCodes.INTERNAL, e.getMessage());
        }
        return new Failure(ExitCodes.INTERNAL, "internal error: " + e);
    }

    /** The capability a refused call wanted, by the call: setns wants CAP_SYS_ADMIN, the rest ptrace rights. */
    private static String needs(String call) {
        Privileges p = Privileges.ofSelf();
        if (call.startsWith("setns")) {
            return p.needsSysAdmin("another network namespace");
        }
        if (call.startsWith("ioctl(SIOCGSKNS")) {
            return p.needs(Kernel.CAP_NET_ADMIN, "to ask a socket which network namespace it lives in");
        }
        return p.needsPtrace("to look into another user's processes");
    }

    /** Whether --verbose was given, to sockkill or to its command. */
    static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
