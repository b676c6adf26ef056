package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A way to enumerate the sockets of one network namespace. */
public interface SocketDiscovery {
    /**
     * Hands each socket that matches {@code filter} to {@code sink} as it is decoded, so a listing
     * of any size holds no more than one socket at a time. An entry may be a view valid only during
     * the call: a sink that keeps it keeps its {@link SocketEntry#snapshot()}. Kinds that cannot be
     * enumerated here are skipped with a note.
     */
    void discover(SocketFilter filter, Consumer<SocketEntry> sink, Consumer<DiscoveryNote> notes) throws IOException;

    /** The matching sockets as a list, for callers that need them all at once. */
    default List<SocketEntry> discover(SocketFilter filter, Consumer<DiscoveryNote> notes) throws IOException {
        List<SocketEntry> out = new ArrayList<>();
        discover(filter, s -> out.add(s.snapshot()), notes);
        return out;
    }

    /** "sock_diag" or "/proc", for messages. */
    String name();
}
