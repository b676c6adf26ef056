package sockkill.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A /proc tree under a temporary directory: pid directories with comm files and fd symlinks.
 * {@link #close()} removes the links, some of which point outside the directory (/dev/null).
 */
final class FakeProc implements AutoCloseable {
    private final Path root;
    private final List<Path> links = new ArrayList<>();

    FakeProc(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    ProcFs procFs() {
        return new ProcFs(root);
    }

    /** Creates /PID with a comm file (the kernel ends it with a newline) and an empty fd/. */
    FakeProc process(int pid, String comm) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)).resolve("fd"));
        Files.writeString(dir.getParent().resolve("comm"), comm + "\n");
        return this;
    }

    /** Adds /PID/fd/FD pointing at {@code target} (which need not exist, as for "socket:[N]"). */
    FakeProc fd(int pid, int fd, String target) throws IOException {
        links.add(Files.createSymbolicLink(
                root.resolve(Integer.toString(pid)).resolve("fd").resolve(Integer.toString(fd)), Path.of(target)));
        return this;
    }

    @Override
    public void close() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }
}
