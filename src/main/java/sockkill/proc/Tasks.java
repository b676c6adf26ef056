package sockkill.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of /proc about a process's threads: which there are, what each is blocked in
 * ({@code task/T/syscall}), and the fdinfo of its fds. Nothing here stops or traces the process.
 */
public final class Tasks {
    private final Path root;

    public Tasks(ProcFs proc) {
        this.root = proc.root();
    }

    /**
     * /proc/ID/status of a process or thread (a thread's id works as well: /proc/TID exists, unlisted).
     *
     * @throws NoSuchProcessException if there is none (or /proc hides it)
     */
    public TaskStatus status(int id) throws IOException {
        try {
            return TaskStatus.parse(ProcText.read(root.resolve(Integer.toString(id)).resolve("status")));
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(id);
        }
    }

    /**
     * The thread ids of process {@code pid}, in ascending order.
     *
     * @throws NoSuchProcessException if the process is gone
     */
    public List<Integer> of(int pid) throws IOException {
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(pidDir(pid).resolve("task"))) {
            for (Path p : dir) {
                try {
                    tids.add(Integer.parseInt(p.getFileName().toString()));
                } catch (NumberFormatException notATask) {
                    // only numbers live there
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new NoSuchProcessException(pid);
        }
        tids.sort(null);
        return tids;
    }

    /**
     * What thread {@code tid} of {@code pid} is doing now.
     *
     * @throws NoSuchFileException if the thread has exited
     * @throws java.nio.file.AccessDeniedException without ptrace rights over the process
     */
    public TaskSyscall syscall(int pid, int tid) throws IOException {
        return TaskSyscall.parse(ProcText.read(taskDir(pid, tid).resolve("syscall")));
    }

    /** The thread's name ({@code task/T/comm}), or "?" if it is gone. */
    public String comm(int pid, int tid) {
        try {
            String s = ProcText.read(taskDir(pid, tid).resolve("comm"));
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The text of {@code /proc/P/fdinfo/FD}.
     *
     * @throws NoSuchFileException if the fd is closed (or the process gone)
     */
    public String fdinfo(int pid, int fd) throws IOException {
        return ProcText.read(pidDir(pid).resolve("fdinfo").resolve(Integer.toString(fd)));
    }

    /**
     * True if the process runs a 32-bit program (its executable is ELFCLASS32): its system calls
     * are numbered, and its memory laid out, another way than the machine's own. False when that
     * cannot be read.
     */
    public boolean runs32BitProgram(int pid) {
        try (InputStream in = Files.newInputStream(pidDir(pid).resolve("exe"))) {
            byte[] ident = in.readNBytes(5);
            return ident.length == 5 && ident[0] == 0x7f && ident[1] == 'E' && ident[2] == 'L' && ident[3] == 'F'
                    && ident[4] == 1;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private Path pidDir(int pid) {
        return root.resolve(Integer.toString(pid));
    }

    private Path taskDir(int pid, int tid) {
        return pidDir(pid).resolve("task").resolve(Integer.toString(tid));
    }
}
