package sockkill.core;

/**
 * A failure a user can act on, with the category that decides the exit code and a message that
 * says what happened and what to do.
 */
public class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    /** Categories of failure; the CLI maps each to one documented exit code. */
    public enum Kind {
        /** No such socket, or it is already gone. */
        NOT_FOUND,
        /** The command line asks for something impossible. */
        USAGE,
        /** The kernel refused for lack of a capability or of rights over a process. */
        PERMISSION,
        /** This socket cannot be killed here (UNIX socket, kernel without destroy, unknown protocol). */
        UNSUPPORTED,
        /** No such process or fd, or the fd is not a socket. */
        NO_SUCH_PROCESS,
        /** More sockets match than the caller allowed. */
        TOO_MANY,
        /** Several sockets could be the one meant, and nothing says which: none was killed. */
        AMBIGUOUS,
        /** A probe found the peer alive: nothing was killed (--if-dead, or a kill without CAP_NET_ADMIN). */
        ALIVE,
        /** Something sockkill did not expect. */
        INTERNAL
    }

    private final Kind kind;

    public Problem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Problem(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
