package sockkill.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * One fd an epoll instance watches, from a {@code tfd:} line of {@code /proc/P/fdinfo/EPFD}
 * (fs/eventpoll.c, ep_show_fdinfo):
 * <pre>
 *   tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x
 * </pre>
 * {@code fd} is the number the fd had when it was added, {@code inode} that of its file (hex in
 * the text), so a later close or reuse of the number can be told apart.
 */
public record EpollTarget(int fd, int events, long data, long inode) {
    /** EPOLLEXCLUSIVE, EPOLLWAKEUP, EPOLLONESHOT, EPOLLET: flags, not events (EP_PRIVATE_BITS). */
    private static final int FLAGS = 1 << 28 | 1 << 29 | 1 << 30 | 1 << 31;

    /** The watched fds listed in the text of an epoll fd's fdinfo (its other lines are skipped). */
    public static List<EpollTarget> parse(String fdinfo) {
        List<EpollTarget> out = new ArrayList<>();
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("tfd:")) {
                out.add(parseLine(line));
            }
        }
        return out;
    }

    static EpollTarget parseLine(String line) {
        String[] w = line.trim().split("\\s+");
        try {
            int fd = -1;
            int events = -1;
            long data = 0;
            long inode = -1;
            for (int i = 0; i < w.length; i++) {
                switch (w[i]) {
                    case "tfd:" -> fd = Integer.parseInt(w[++i]);
                    case "events:" -> events = Integer.parseUnsignedInt(w[++i], 16);
                    case "data:" -> data = Long.parseUnsignedLong(w[++i], 16);
                    default -> {
                        if (w[i].startsWith("ino:")) {
                            inode = Long.parseUnsignedLong(w[i].substring(4), 16);
                        }
                    }
                }
            }
            if (fd < 0 || events == -1 || inode < 0) {
                throw new IllegalArgumentException("no tfd, events or ino");
            }
            return new EpollTarget(fd, events, data, inode);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unexpected epoll fdinfo line '" + line + "': " + e.getMessage(), e);
        }
    }

    /**
     * False when no event is asked for any more: an EPOLLONESHOT registration that fired keeps only
     * its flags until it is re-armed, and a wait does not wake for it.
     */
    public boolean armed() {
        return (events & ~FLAGS) != 0;
    }
}
