package sockkill.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import sockkill.proc.FdKind;
import sockkill.proc.SyscallTable;

/**
 * What a process is blocked on, read from /proc without stopping it: each thread and the call it
 * waits in, each fd those calls wait on, and the verdict: which network socket (if exactly one)
 * the process hangs on.
 *
 * @param givenTid the thread id the user named, when it was not the process's own id; -1 otherwise
 * @param arch the system-call table used ("x86_64", "aarch64")
 * @param fds every fd some thread waits on, epoll fds included, by number
 */
public record Diagnosis(int pid, String comm, int givenTid, String arch, List<ThreadWait> threads,
        List<WaitedFd> fds) {
    /** How many network sockets the process is blocked on. */
    public enum Outcome {
        ONE("one"),
        NONE("none"),
        SEVERAL("several");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How many fds of a wait a message names before it says "and N more". */
    private static final int NAMED_FDS = 4;
    /** How many threads of one kind a message names. */
    private static final int NAMED_THREADS = 5;

    /**
     * The network sockets the process may hang on: the inet sockets some thread waits on, one fd
     * per socket. A listener or an unconnected datagram socket counts only when no other inet
     * socket is waited on: an event loop watches those beside its connections.
     */
    public List<WaitedFd> candidates() {
        List<WaitedFd> active = new ArrayList<>();
        List<WaitedFd> passive = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (WaitedFd f : fds) {
            if (f.isInetSocket() && !f.waitedBy().isEmpty() && seen.add(f.socketInode())) {
                (f.passive() ? passive : active).add(f);
            }
        }
        return active.isEmpty() ? passive : active;
    }

    public Outcome outcome() {
        int n = candidates().size();
        return n == 0 ? Outcome.NONE : n == 1 ? Outcome.ONE : Outcome.SEVERAL;
    }

    public Optional<WaitedFd> fd(int fd) {
        return fds.stream().filter(f -> f.fd() == fd).findFirst();
    }

    /** "pid 42 (mutt)". */
    public String process() {
        return "pid " + pid + " (" + comm + ")";
    }

    /** The verdict in one line, with what to do next. */
    public String verdict() {
        List<WaitedFd> candidates = candidates();
        return switch (outcome()) {
            case ONE -> {
                WaitedFd f = candidates.get(0);
                yield process() + " is blocked on fd " + f.fd() + ", " + f.describe() + ": " + waiters(f)
                        + figures(f);
            }
            case NONE -> process() + " is not blocked on a network socket: " + threadSummary() + unixHint();
            case SEVERAL -> process() + " waits on " + candidates.size() + " network sockets (fds "
                    + fdList(candidates) + "): choose one with 'sockkill pid " + pid + " fd F', or those silent for "
                    + "S seconds with 'sockkill match --pid " + pid + " --idle S'; 'sockkill pid " + pid
                    + " --all-blocked' kills them all";
        };
    }

    /** "thread 42 in read(3)", for the threads waiting on {@code f}. */
    private String waiters(WaitedFd f) {
        List<String> parts = new ArrayList<>();
        for (ThreadWait t : threads) {
            if (f.waitedBy().contains(t.tid())) {
                parts.add("thread " + t.tid() + " in " + t.call());
            }
        }
        return String.join(", ", parts);
    }

    private static String figures(WaitedFd f) {
        return f.socket().flatMap(SocketEntry::tcpInfo)
                .map(t -> "; last data received " + TcpFigures.ago(t.lastDataReceivedMillis()))
                .orElse("");
    }

    private static String fdList(List<WaitedFd> fds) {
        List<String> numbers = new ArrayList<>();
        for (WaitedFd f : fds) {
            numbers.add(Integer.toString(f.fd()));
        }
        return String.join(", ", numbers);
    }

    /**
     * "thread 42 in futex, thread 43 in read(0) on /dev/pts/1": every thread in a few words, those
     * that read the same grouped ("threads 44, 45, 46 in futex").
     */
    public String threadSummary() {
        Map<String, List<Integer>> byWhat = new LinkedHashMap<>();
        for (ThreadWait t : threads) {
            if (t.state() != ThreadWait.State.GONE) {
                byWhat.computeIfAbsent(doing(t), k -> new ArrayList<>()).add(t.tid());
            }
        }
        if (byWhat.isEmpty()) {
            return "every thread exited while sockkill looked";
        }
        List<String> parts = new ArrayList<>();
        byWhat.forEach((what, tids) -> parts.add(threadList(tids) + " " + what));
        return String.join(", ", parts);
    }

    private static String threadList(List<Integer> tids) {
        if (tids.size() == 1) {
            return "thread " + tids.get(0);
        }
        StringBuilder b = new StringBuilder("threads ");
        for (int i = 0; i < Math.min(tids.size(), NAMED_THREADS); i++) {
            b.append(i == 0 ? "" : ", ").append(tids.get(i));
        }
        if (tids.size() > NAMED_THREADS) {
            b.append(" and ").append(tids.size() - NAMED_THREADS).append(" more");
        }
        return b.toString();
    }

    /** "in read(0) on /dev/pts/1", "in poll on fds 0 (/dev/pts/1), 4 (pipe:[9])", "in futex", "running". */
    private String doing(ThreadWait t) {
        return switch (t.state()) {
            case RUNNING -> "running";
            case USER -> "not in a system call";
            case GONE -> "gone";
            case IN_SYSCALL -> {
                String call = "in " + t.call();
                if (!t.understood()) {
                    yield call;
                }
                if (t.fds().isEmpty()) {
                    yield call + (t.note().isEmpty() ? " on no fd" : " (" + t.note() + ")");
                }
                if (t.shape() == SyscallTable.Shape.FD) {
                    yield call + " on " + fd(t.fds().get(0)).map(WaitedFd::describe).orElse("?");
                }
                StringBuilder b = new StringBuilder(call).append(" on fd").append(t.fds().size() > 1 ? "s " : " ");
                for (int i = 0; i < Math.min(t.fds().size(), NAMED_FDS); i++) {
                    int n = t.fds().get(i);
                    b.append(i == 0 ? "" : ", ").append(n).append(" (")
                            .append(fd(n).map(WaitedFd::describe).orElse("?")).append(')');
                }
                if (t.fds().size() > NAMED_FDS) {
                    b.append(" and ").append(t.fds().size() - NAMED_FDS).append(" more");
                }
                yield b.toString();
            }
        };
    }

    /** A UNIX socket waited on cannot be destroyed, only shut down: say how. */
    private String unixHint() {
        for (WaitedFd f : fds) {
            if (f.kind() == FdKind.SOCKET && f.netid() != null && f.netid().isUnix() && !f.waitedBy().isEmpty()) {
                return "; fd " + f.fd() + " is a UNIX socket, which 'sockkill pid " + pid + " fd " + f.fd()
                        + " --fallback=shutdown' shuts down";
            }
        }
        return "";
    }
}
