package sockkill.core;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** A way to enumerate the sockets of one network namespace. */
public interface SocketDiscovery {
    /**
     * The sockets that match {@code filter}. Kinds that cannot be enumerated here are skipped
     * with a note.
     */
    List<SocketEntry> discover(SocketFilter filter, Consumer<DiscoveryNote> notes) throws IOException;

    /** "sock_diag" or "/proc", for messages. */
    String name();
}
