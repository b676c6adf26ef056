package sockkill.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

import jnr.constants.platform.Errno;
import sockkill.diag.SockDiag;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;

/** Work in one network namespace: its sock_diag connections (opened on first use) and its discovery. */
public final class NamespaceSession implements Closeable {
    /** Whether sockkill may destroy sockets here; a seam for tests, which have no namespace to ask. */
    @FunctionalInterface
    interface Rights {
        boolean mayAdminister() throws IOException;
    }

    private final NetworkNamespace namespace;
    private final SockDiag diag;
    private final Rights rights;

    NamespaceSession(NetworkNamespace namespace, SockDiag diag, Rights rights) {
        this.namespace = namespace;
        this.diag = diag;
        this.rights = rights;
    }

    public static NamespaceSession open(NetworkNamespace namespace) {
        return new NamespaceSession(namespace, SockDiag.open(namespace), namespace::mayAdminister);
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public SockDiag diag() {
        return diag;
    }

    /** Whether sockkill holds CAP_NET_ADMIN over this namespace, as SOCK_DESTROY requires (asked, not tried). */
    public boolean mayAdminister() throws IOException {
        return rights.mayAdminister();
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
                return new Problem(Problem.Kind.PERMISSION, "cannot enter " + namespace + ": "
                        + Privileges.ofSelf().needsSysAdmin("it"), e);
            }
            return new Problem(Problem.Kind.USAGE, namespace.file() + " is not a network namespace (" + n.getMessage() + ")", e);
        }
        if (isGone(namespace, e)) {
            return new Problem(Problem.Kind.NO_SUCH_PROCESS, namespace + " is gone (its process exited?)", e);
        }
        if (isDenied(e)) {
            return new Problem(Problem.Kind.PERMISSION, "cannot open " + namespace.file() + ": "
                    + Privileges.ofSelf().needsPtrace("to open it"), e);
        }
        return e;
    }

    /** Whether {@code e} says the namespace's file went away (its process exited, its mount was removed). */
    static boolean isGone(NetworkNamespace namespace, IOException e) {
        return e instanceof NoSuchFileException && e.getMessage() != null
                && e.getMessage().contains(namespace.file().toString());
    }

    /** Whether {@code e} is a refusal to open a namespace file or to enter the namespace. */
    static boolean isDenied(IOException e) {
        return e instanceof AccessDeniedException
                || e instanceof NativeException n && (n.call().startsWith("open(") || n.call().startsWith("setns"))
                        && (n.is(Errno.EACCES) || n.is(Errno.EPERM));
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
