package sockkill.proc;

/**
 * What an fd is, told from the text of its {@code /proc/P/fd/N} link: {@code socket:[N]},
 * {@code pipe:[N]}, {@code anon_inode:[eventpoll]}, a path...
 */
public enum FdKind {
    SOCKET("socket"),
    PIPE("pipe"),
    TTY("tty"),
    FILE("file"),
    EVENTFD("eventfd"),
    EPOLL("epoll"),
    TIMERFD("timerfd"),
    SIGNALFD("signalfd"),
    INOTIFY("inotify"),
    PIDFD("pidfd"),
    IO_URING("io_uring"),
    /** Another anon_inode: bpf maps, userfaultfd... */
    ANON("anon_inode"),
    /** A namespace, or anything this list does not know. */
    OTHER("other"),
    /** Not a kind of file: the fd was closed while sockkill looked. */
    CLOSED("closed");

    private final String label;

    FdKind(String label) {
        this.label = label;
    }

    /** The word in reports and JSON. */
    public String label() {
        return label;
    }

    public static FdKind of(String link) {
        if (link.startsWith("socket:[")) {
            return SOCKET;
        }
        if (link.startsWith("pipe:[")) {
            return PIPE;
        }
        if (link.startsWith("anon_inode:")) {
            String what = link.substring("anon_inode:".length());
            return switch (what) {
                case "[eventpoll]" -> EPOLL;
                case "[eventfd]" -> EVENTFD;
                case "[timerfd]" -> TIMERFD;
                case "[signalfd]" -> SIGNALFD;
                case "inotify" -> INOTIFY;
                case "[pidfd]" -> PIDFD;
                case "[io_uring]" -> IO_URING;
                default -> ANON;
            };
        }
        if (link.startsWith("pidfd:")) {
            return PIDFD;
        }
        if (link.startsWith("/")) {
            return isTty(link) ? TTY : FILE;
        }
        return OTHER;
    }

    private static boolean isTty(String path) {
        return path.startsWith("/dev/pts/") || path.equals("/dev/ptmx") || path.startsWith("/dev/tty")
                || path.equals("/dev/console");
    }
}
