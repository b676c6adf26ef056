package sockkill.proc;

import java.io.IOException;

/** The process is not there (never was, or exited). */
public class NoSuchProcessException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int pid;

    public NoSuchProcessException(int pid) {
        super("no process with pid " + pid);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
