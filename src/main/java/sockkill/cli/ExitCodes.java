package sockkill.cli;

import sockkill.core.Problem;

/** The exit codes sockkill documents (README, --help). */
public final class ExitCodes {
    private ExitCodes() {
    }

    /** Killed; with --dry-run, found. For list: listed. */
    public static final int OK = 0;
    /** No such socket, or it is already gone. */
    public static final int NOT_FOUND = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** Permission denied: a capability or rights over the process are missing. */
    public static final int PERMISSION = 3;
    /**
     * The socket cannot be killed here: UNIX or MPTCP socket, a SO_REUSEPORT group member or a socket in no table
     * (the kernel's destroy does not reach it), kernel without CONFIG_INET_DIAG_DESTROY, unknown protocol.
     */
    public static final int UNSUPPORTED = 4;
    /** No such process or fd, or the fd is not a socket. */
    public static final int NO_SUCH_PROCESS = 5;
    /** More sockets matched than --max allows. */
    public static final int TOO_MANY = 6;
    /** Several sockets could be the one meant (a process waiting on more than one): none was killed. */
    public static final int AMBIGUOUS = 7;
    /** A keepalive probe found the peer alive, so nothing was killed (--if-dead, or a kill without CAP_NET_ADMIN). */
    public static final int ALIVE = 8;
    /** Standard output closed by its reader, as for a C tool killed by SIGPIPE (128 + 13). */
    public static final int OUTPUT_CLOSED = 141;
    /** Internal error (EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** A limit of the system stops sockkill: too few file descriptors (EX_OSERR). */
    public static final int SYSTEM_LIMIT = 71;
    /** Output could not be written (a full disk, /dev/full, an I/O error), or batch input not read (EX_IOERR). */
    public static final int OUTPUT_ERROR = 74;

    public static int of(Problem.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case USAGE -> USAGE;
            case PERMISSION -> PERMISSION;
            case UNSUPPORTED -> UNSUPPORTED;
            case NO_SUCH_PROCESS -> NO_SUCH_PROCESS;
            case TOO_MANY -> TOO_MANY;
            case AMBIGUOUS -> AMBIGUOUS;
            case ALIVE -> ALIVE;
            case INTERNAL -> INTERNAL;
        };
    }

    /** The exit-code section of every command's --help. */
    static final String HELP = "%nExit status:%n"
            + "  0   killed (with --dry-run: found); for list: listed%n"
            + "  1   no such socket, or it is already gone; pid P: P waits on no network socket%n"
            + "  2   usage error%n"
            + "  3   permission denied (CAP_NET_ADMIN in the socket's netns; ptrace rights)%n"
            + "  4   cannot be killed here (UNIX or MPTCP socket, SO_REUSEPORT member, unbound; see --fallback); "
            + "--if-dead: not proven dead%n"
            + "  5   no such process or fd, or the fd is not a socket%n"
            + "  6   more sockets match than --max allows%n"
            + "  7   several sockets could be the one meant (pid P: P waits on several); none was killed%n"
            + "  8   probed: the peer answered, so nothing was killed (--if-dead; pid P without CAP_NET_ADMIN)%n"
            + "  70  internal error (run with --verbose for details)%n"
            + "  71  too few file descriptors (ulimit -n)%n"
            + "  74  write error on standard output (read error on batch input)%n"
            + "  141 standard output closed by its reader (as if killed by SIGPIPE)%n";

    /** The exit-code section of why's --help: the verdict, as pid P would act on it. */
    static final String WHY_HELP = "%nExit status (the verdict, as 'sockkill pid P' would act on it):%n"
            + "  0   blocked on exactly one network socket (pid P would kill it)%n"
            + "  1   not blocked on any network socket%n"
            + "  2   usage error%n"
            + "  3   permission denied (ptrace rights over P are needed: run as root)%n"
            + "  4   no system-call table for this machine (sockkill has x86_64's and aarch64's)%n"
            + "  5   no such process%n"
            + "  7   waiting on several network sockets%n"
            + "  70  internal error (run with --verbose for details)%n"
            + "  71  too few file descriptors (ulimit -n)%n"
            + "  74  write error on standard output%n"
            + "  141 standard output closed by its reader (as if killed by SIGPIPE)%n";
}
