package sockkill.core;

import java.util.Optional;

/** A {@link Problem} about a socket that was found: the report can still say which socket it was. */
public class SocketProblem extends Problem {
    private static final long serialVersionUID = 1L;

    private final transient ListedSocket socket;

    public SocketProblem(Kind kind, String message, ListedSocket socket) {
        super(kind, message);
        this.socket = socket;
    }

    public Optional<ListedSocket> socket() {
        return Optional.ofNullable(socket);
    }
}
