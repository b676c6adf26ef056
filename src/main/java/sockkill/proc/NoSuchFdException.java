package sockkill.proc;

import java.io.IOException;

/** The process has no such file descriptor open. */
public class NoSuchFdException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoSuchFdException(int pid, int fd) {
        super("pid " + pid + " has no fd " + fd);
    }
}
