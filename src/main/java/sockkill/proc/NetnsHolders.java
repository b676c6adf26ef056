package sockkill.proc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network namespaces that processes hold, each with the pids through which to reach it, and
 * the processes whose namespace could not be read (another user's, without the rights to look).
 */
public final class NetnsHolders {
    private final Map<Long, List<Integer>> pidsByNamespace;
    private final List<Integer> unreadable;

    private NetnsHolders(Map<Long, List<Integer>> pidsByNamespace, List<Integer> unreadable) {
        this.pidsByNamespace = pidsByNamespace;
        this.unreadable = unreadable;
    }

    /** One pass over /proc: every process's namespace inode. Processes that exit meanwhile are left out. */
    public static NetnsHolders scan(ProcFs proc) throws IOException {
        Map<Long, List<Integer>> byNamespace = new LinkedHashMap<>();
        List<Integer> unreadable = new ArrayList<>();
        for (int pid : proc.pids()) {
            try {
                long inode = ((Number) Files.getAttribute(proc.netnsFile(pid), "unix:ino")).longValue();
                byNamespace.computeIfAbsent(inode, k -> new ArrayList<>(1)).add(pid);
            } catch (AccessDeniedException hidden) {
                unreadable.add(pid);
            } catch (IOException gone) {
                // a process that exits meanwhile (or a kernel thread without namespaces) is not counted
            }
        }
        return new NetnsHolders(byNamespace, unreadable);
    }

    /** Namespace inode to the pids living in it, both in the order /proc lists them. */
    public Map<Long, List<Integer>> namespaces() {
        return pidsByNamespace;
    }

    /** Pids whose network namespace sockkill may not look at (another user's processes). */
    public List<Integer> unreadable() {
        return unreadable;
    }
}
