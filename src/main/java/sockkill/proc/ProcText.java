package sockkill.proc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import jnr.constants.platform.Errno;
import sockkill.sys.Kernel;
import sockkill.sys.Native;
import sockkill.sys.NativeException;

/**
 * Reads a /proc file with open(2) and read(2), so that a refusal keeps its errno. Some /proc files
 * open for anyone who may see the process and refuse only the read: {@code /proc/P/task/T/syscall}
 * fails with EPERM at read time without ptrace rights, which java.nio reports as a plain
 * IOException carrying a localised message.
 */
public final class ProcText {
    private static final int CHUNK = 16384;

    private ProcText() {
    }

    /**
     * The whole text of {@code path}.
     *
     * @throws NoSuchFileException if it is not there, or its task is gone (ENOENT, ESRCH)
     * @throws AccessDeniedException without the rights to read it (EACCES, EPERM)
     */
    public static String read(Path path) throws IOException {
        int fd;
        try {
            fd = Native.open(path.toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC);
        } catch (NativeException e) {
            throw translate(path, e);
        }
        try {
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            byte[] copy = new byte[CHUNK];
            while (true) {
                int n = Native.read(fd, chunk);
                if (n == 0) {
                    return text.toString(StandardCharsets.UTF_8);
                }
                chunk.get(0, copy, 0, n);
                text.write(copy, 0, n);
            }
        } catch (NativeException e) {
            throw translate(path, e);
        } finally {
            Native.close(fd);
        }
    }

    private static IOException translate(Path path, NativeException e) {
        if (e.is(Errno.ENOENT) || e.is(Errno.ESRCH)) {
            return new NoSuchFileException(path.toString());
        }
        if (e.is(Errno.EACCES) || e.is(Errno.EPERM)) {
            return new AccessDeniedException(path.toString(), null, e.getMessage());
        }
        return e;
    }
}
