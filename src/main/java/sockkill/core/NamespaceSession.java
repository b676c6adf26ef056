package sockkill.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

import jnr.constants.platform.Errno;
import sockkill.diag.SockDiag;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;

/** Work in one network namespace: its sock_diag connections (opened on first use) and its discovery. */
public final class NamespaceSession implements Closeable {
    private final NetworkNamespace namespace;
    private final SockDiag diag;

    private NamespaceSession(NetworkNamespace namespace) {
        this.namespace = namespace;
        this.diag = SockDiag.open(namespace);
    }

    public static NamespaceSession open(NetworkNamespace namespace) {
        return new NamespaceSession(namespace);
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public SockDiag diag() {
        return diag;
    }

    public SocketDiscovery discovery(DiscoveryMode mode, Consumer<DiscoveryNote> notes) throws IOException {
        return Discoveries.open(mode, namespace, diag, notes);
    }

    /**
     * Turns a failure to reach the namespace into a {@link Problem} that says what to do; other
     * failures come back unchanged.
     */
    public static Exception explain(NetworkNamespace namespace, IOException e) {
        if (e instanceof NativeException n && n.call().startsWith("setns")) {
            if (n.is(Errno.EPERM)) {
                return new Problem(Problem.Kind.PERMISSION, "cannot enter " + namespace
                        + ": needs CAP_SYS_ADMIN (run as root)", e);
            }
            return new Problem(Problem.Kind.USAGE, namespace.file() + " is not a network namespace (" + n.getMessage() + ")", e);
        }
        if (e instanceof NoSuchFileException && e.getMessage() != null
                && e.getMessage().contains(namespace.file().toString())) {
            return new Problem(Problem.Kind.NO_SUCH_PROCESS, namespace
                    + " is gone (its process exited?)", e);
        }
        if (e instanceof NativeException n && n.call().startsWith("open(") && n.is(Errno.EACCES)) {
            return new Problem(Problem.Kind.PERMISSION, "cannot open " + namespace.file() + ": run as root", e);
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        try {
            diag.close();
        } finally {
            namespace.close();
        }
    }
}
