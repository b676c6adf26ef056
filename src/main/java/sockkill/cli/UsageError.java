package sockkill.cli;

/**
 * A usage error a command finds in what it was given, after parsing: a value that is not a number,
 * options that exclude each other. It reads as picocli's own usage errors do, one line naming the
 * command's --help, and exits 2; unlike picocli's ParameterException it needs no command-line model,
 * so commands that {@link QuickStart} runs without one raise it too.
 */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
