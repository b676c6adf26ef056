package sockkill.sys;

import java.io.IOException;

import jnr.constants.platform.Errno;

/** A libc call that failed: carries the call's name and the errno it set. */
public class NativeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeException(String call, int errno) {
        super(call + ": " + describe(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The failed call, e.g. {@code "setns(/proc/42/ns/net)"}. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    public Errno errnoConstant() {
        return Errno.valueOf(errno);
    }

    public boolean is(Errno e) {
        return errno == e.intValue();
    }

    /** "ENOENT (No such file or directory)", or "errno 123" where jnr-constants has no name. */
    public static String describe(int errno) {
        Errno e = Errno.valueOf(errno);
        return e.defined() && e != Errno.__UNKNOWN_CONSTANT__
                ? e.name() + " (" + e.description() + ")"
                : "errno " + errno;
    }
}
