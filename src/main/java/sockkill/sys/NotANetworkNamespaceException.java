package sockkill.sys;

import java.io.IOException;

/** A file given as a network namespace that is not one: another kind of namespace, or no namespace at all. */
public final class NotANetworkNamespaceException extends IOException {
    private static final long serialVersionUID = 1L;

    public NotANetworkNamespaceException(String message) {
        super(message);
    }
}
