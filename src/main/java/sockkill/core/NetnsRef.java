package sockkill.core;

/**
 * Which network namespace a socket or a kill was in, for reports: its nsfs inode (what
 * {@code ip netns identify} and {@code /proc/PID/ns/net} show as net:[INODE]) and, where known, the
 * {@code ip netns} name it is mounted under ({@code null} otherwise) and a pid living in it (0 for
 * none known: a namespace only a mount keeps).
 */
public record NetnsRef(long inode, String name, int pid) {
    /** "4026532597(blue)", "4026532597(pid=42)" or "4026532597": the table's Netns column, one word. */
    public String label() {
        if (name != null) {
            return inode + "(" + name + ")";
        }
        return pid > 0 ? inode + "(pid=" + pid + ")" : Long.toString(inode);
    }

    /** "network namespace 4026532597 (ip netns blue)" and the like, for sentences. */
    public String describe() {
        String s = "network namespace " + inode;
        if (name != null) {
            return s + " (ip netns " + name + ")";
        }
        return pid > 0 ? s + " (pid " + pid + ")" : s;
    }
}
