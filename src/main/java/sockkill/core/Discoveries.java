package sockkill.core;

import java.io.IOException;
import java.util.function.Consumer;

import sockkill.diag.SockDiag;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;

/** Picks the discovery for a namespace: sock_diag when it can be opened, /proc otherwise. */
public final class Discoveries {
    private Discoveries() {
    }

    /**
     * The discovery for {@code namespace}. In AUTO mode a failure to open a NETLINK_SOCK_DIAG
     * socket falls back to /proc with a note.
     */
    public static SocketDiscovery open(DiscoveryMode mode, NetworkNamespace namespace, SockDiag diag,
            Consumer<DiscoveryNote> notes) throws IOException {
        if (mode == DiscoveryMode.PROC) {
            return new ProcDiscovery(namespace);
        }
        try {
            diag.connect();
            return new DiagDiscovery(diag, namespace);
        } catch (NativeException e) {
            if (mode == DiscoveryMode.NETLINK) {
                throw e;
            }
            notes.accept(new DiscoveryNote(null, "cannot open a NETLINK_SOCK_DIAG socket (" + e.getMessage()
                    + "); reading /proc/net instead, which gives no cookies"));
            return new ProcDiscovery(namespace);
        }
    }
}
