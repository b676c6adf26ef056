package sockkill.netlink;

import java.io.IOException;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.sys.NativeException;

/** The kernel answered a request with NLMSG_ERROR (or a dump's NLMSG_DONE) carrying an errno. */
public class NetlinkErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String kernelMessage;

    public NetlinkErrorException(String request, int errno, String kernelMessage) {
        super(request + ": " + NativeException.describe(errno)
                + (kernelMessage == null ? "" : ": " + kernelMessage));
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    public boolean is(Errno e) {
        return errno == e.intValue();
    }

    /** The extended-ack text the kernel added, if it added one. */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
