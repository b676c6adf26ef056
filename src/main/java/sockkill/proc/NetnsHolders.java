package sockkill.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** The network namespaces that processes hold, each with one pid through which to reach it. */
public final class NetnsHolders {
    private NetnsHolders() {
    }

    /** Namespace inode to the lowest pid that lives in it, in order of first appearance. */
    public static Map<Long, Integer> scan(ProcFs proc) throws IOException {
        Map<Long, Integer> out = new LinkedHashMap<>();
        for (int pid : proc.pids()) {
            try {
                long inode = ((Number) Files.getAttribute(proc.netnsFile(pid), "unix:ino")).longValue();
                out.putIfAbsent(inode, pid);
            } catch (IOException goneOrHidden) {
                // a process that exits or whose namespaces we may not see is simply not counted
            }
        }
        return out;
    }
}
