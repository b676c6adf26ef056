package sockkill.core;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import sockkill.proc.Capabilities;
import sockkill.proc.EpollTarget;
import sockkill.proc.FdKind;
import sockkill.proc.FdLink;
import sockkill.proc.FdSet;
import sockkill.proc.NoSuchFdException;
import sockkill.proc.NoSuchProcessException;
import sockkill.proc.PollFd;
import sockkill.proc.ProcFs;
import sockkill.proc.ProcessMemory;
import sockkill.proc.SyscallTable;
import sockkill.proc.TaskStatus;
import sockkill.proc.TaskSyscall;
import sockkill.proc.Tasks;

/**
 * Finds what a process is blocked on, from /proc alone and without stopping or tracing it: every
 * thread's {@code task/T/syscall}; for a call on one fd its first argument; for poll and select the
 * {@code struct pollfd} array or fd_set bitmaps, read from the process's memory; for an epoll wait
 * the fds the set watches ({@code fdinfo}); then what each of those fds is, a socket being looked
 * up in its own network namespace with its tcp_info. Calls it does not understand (futex,
 * io_uring_enter...) are named, never guessed at. Needs ptrace rights over the process.
 */
public final class BlockedSocketFinder {
    /** A thread shown running is looked at again this many times... */
    private static final int RUNNING_LOOKS = 5;
    /** ...this far apart... */
    private static final long RUNNING_PAUSE_MILLIS = 2;
    /** ...within this budget for the whole process. */
    private static final long RUNNING_BUDGET_MILLIS = 100;
    /** The most fds a poll or select is read for: the kernel's own ceiling (fs.nr_open's maximum). */
    private static final int MAX_FDS = 1 << 20;
    /** How deep epoll sets inside epoll sets are followed (the kernel allows 4: EP_MAX_NESTS). */
    private static final int EPOLL_DEPTH = 5;
    /** x32 system calls are numbered from this bit (__X32_SYSCALL_BIT). */
    private static final long X32_BIT = 0x40000000L;

    private final ProcFs proc;
    private final Tasks tasks;
    private final ProcessMemory memory;

    public BlockedSocketFinder(ProcFs proc) {
        this.proc = proc;
        this.tasks = new Tasks(proc);
        this.memory = new ProcessMemory(proc);
    }

    /**
     * Diagnoses process {@code id}; a thread id is taken as its process.
     *
     * @throws Problem NO_SUCH_PROCESS if there is no such process (or it exits meanwhile),
     *         PERMISSION without ptrace rights over it, UNSUPPORTED on an architecture sockkill has
     *         no system-call table for, NOT_FOUND for a kernel thread
     */
    public Diagnosis diagnose(int id) throws IOException, Problem {
        TaskStatus status = status(id);
        int pid = status.tgid();
        int givenTid = pid != id ? id : -1;
        if (givenTid >= 0) {
            status = status(pid);
        }
        String comm = proc.comm(pid);
        if (status.kernelThread()) {
            throw new Problem(Problem.Kind.NOT_FOUND, "pid " + pid + " (" + comm + ") is a kernel thread, which holds no "
                    + "sockets");
        }
        if (status.exited()) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "pid " + pid + " (" + comm + ") has exited (a zombie its "
                    + "parent has not reaped yet): it holds no sockets any more");
        }
        SyscallTable table = SyscallTable.host().orElseThrow(() -> new Problem(Problem.Kind.UNSUPPORTED,
                "sockkill reads system calls on x86_64 and aarch64 only, not on " + System.getProperty("os.arch")));
        try {
            return new Run(pid, comm, givenTid, table).diagnose();
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "pid " + pid + " (" + comm + ") exited while sockkill looked",
                    e);
        } catch (AccessDeniedException e) {
            throw noRights(pid, comm, e);
        }
    }

    private TaskStatus status(int id) throws IOException, Problem {
        try {
            return tasks.status(id);
        } catch (NoSuchProcessException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "no process with pid " + id + hidepidHint(), e);
        } catch (AccessDeniedException e) {
            throw new Problem(Problem.Kind.PERMISSION, "cannot read /proc/" + id + "/status: run as root", e);
        }
    }

    /** Where /proc hides other users' processes (hidepid), say so: the process may well exist. */
    private String hidepidHint() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] w = line.split(" ");
                if (w.length > 4 && w[4].equals(proc.root().toString()) && line.contains("hidepid=")
                        && !line.contains("hidepid=0") && !line.contains("hidepid=off")) {
                    return " (or /proc, mounted with hidepid, hides it from this user: run as its owner or as root)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // no hint then
        }
        return "";
    }

    /**
     * The capability that is missing (Privileges), and for a user who is not root the other way:
     * its owner may read it, and probe its connections, freeing those whose peer is dead.
     */
    private Problem noRights(int pid, String comm, AccessDeniedException e) {
        String owner = "";
        if (!Capabilities.ofSelf().isRoot()) {
            try {
                owner = "; or run as its owner, uid " + Files.getAttribute(proc.root().resolve(Integer.toString(pid)),
                        "unix:uid") + " (who may probe its connections and free those whose peer is dead)";
            } catch (IOException | RuntimeException unknown) {
                owner = "; or run as its owner (who may probe its connections and free those whose peer is dead)";
            }
        }
        return new Problem(Problem.Kind.PERMISSION, "permission denied: reading what pid " + pid + " (" + comm
                + ") is blocked in " + Privileges.ofSelf().needsPtrace("over it") + owner, e);
    }

    /** One diagnosis: the process's threads, then the fds they wait on. */
    private final class Run {
        private final int pid;
        private final String comm;
        private final int givenTid;
        private final SyscallTable table;
        private final boolean foreignAbi;
        private final Map<Integer, String> links = new HashMap<>();
        /** The fds each epoll fd watches, as found. */
        private final Map<Integer, List<Integer>> epollSets = new TreeMap<>();
        private long runningBudgetEnd;

        Run(int pid, String comm, int givenTid, SyscallTable table) {
            this.pid = pid;
            this.comm = comm;
            this.givenTid = givenTid;
            this.table = table;
            this.foreignAbi = tasks.runs32BitProgram(pid);
        }

        Diagnosis diagnose() throws IOException {
            runningBudgetEnd = System.nanoTime() + RUNNING_BUDGET_MILLIS * 1_000_000;
            List<ThreadWait> threads = new ArrayList<>();
            for (int tid : tasks.of(pid)) {
                threads.add(thread(tid));
            }
            Map<Integer, List<Integer>> waiters = new TreeMap<>();
            for (ThreadWait t : threads) {
                Set<Integer> fds = new LinkedHashSet<>(t.fds());
                if (t.epollFd() >= 0) {
                    fds.add(t.epollFd());
                }
                for (int fd : fds) {
                    waiters.computeIfAbsent(fd, k -> new ArrayList<>()).add(t.tid());
                }
            }
            for (int epfd : epollSets.keySet()) {
                waiters.computeIfAbsent(epfd, k -> new ArrayList<>());
            }
            List<WaitedFd> fds = new ArrayList<>();
            try (SocketProbe probe = new SocketProbe(pid)) {
                for (Map.Entry<Integer, List<Integer>> e : waiters.entrySet()) {
                    fds.add(describe(probe, e.getKey(), e.getValue()));
                }
            }
            return new Diagnosis(pid, comm, givenTid, table.arch(), List.copyOf(threads), List.copyOf(fds));
        }

        private ThreadWait thread(int tid) throws IOException {
            String name = tasks.comm(pid, tid);
            TaskSyscall s;
            try {
                s = look(tid);
            } catch (NoSuchFileException gone) {
                return ThreadWait.notInSyscall(tid, name, ThreadWait.State.GONE);
            }
            return switch (s.state()) {
                case RUNNING -> ThreadWait.notInSyscall(tid, name, ThreadWait.State.RUNNING);
                case NOT_IN_SYSCALL -> ThreadWait.notInSyscall(tid, name, ThreadWait.State.USER);
                case IN_SYSCALL -> inSyscall(tid, name, s);
            };
        }

        /** The thread's syscall file, read again a few times while it shows the thread running. */
        private TaskSyscall look(int tid) throws IOException {
            TaskSyscall s = tasks.syscall(pid, tid);
            for (int i = 0; i < RUNNING_LOOKS && s.state() == TaskSyscall.State.RUNNING
                    && System.nanoTime() < runningBudgetEnd; i++) {
                try {
                    Thread.sleep(RUNNING_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                s = tasks.syscall(pid, tid);
            }
            return s;
        }

        private ThreadWait inSyscall(int tid, String name, TaskSyscall s) throws IOException {
            long nr = s.number();
            if (foreignAbi || (nr & X32_BIT) != 0) {
                String abi = foreignAbi ? "a 32-bit program" : "the x32 ABI";
                return new ThreadWait(tid, name, ThreadWait.State.IN_SYSCALL, "syscall " + nr, nr,
                        SyscallTable.Shape.OTHER, List.of(), -1, abi + ": its system calls are not decoded");
            }
            SyscallTable.Shape shape = table.shape(nr);
            String call = table.name(nr);
            List<Integer> fds = List.of();
            int epollFd = -1;
            String note = "";
            try {
                switch (shape) {
                    case FD -> fds = List.of(fdArgument(s.arg(0)));
                    case POLL -> fds = pollFds(s.arg(0), s.arg(1));
                    case SELECT -> fds = selectFds(s);
                    case EPOLL -> {
                        epollFd = fdArgument(s.arg(0));
                        List<String> notes = new ArrayList<>();
                        fds = epollFds(epollFd, 1, notes);
                        note = String.join("; ", notes);
                    }
                    case OTHER -> {
                        // named only
                    }
                }
            } catch (NoSuchFileException gone) {
                return ThreadWait.notInSyscall(tid, name, ThreadWait.State.GONE);
            } catch (Undecodable e) {
                note = e.getMessage();
            } catch (IOException e) {
                if (e instanceof AccessDeniedException || e instanceof NoSuchProcessException) {
                    throw e;
                }
                note = "cannot read its arguments in the process's memory (" + e.getMessage()
                        + "); it may have returned meanwhile";
            }
            return new ThreadWait(tid, name, ThreadWait.State.IN_SYSCALL, call, nr, shape, fds, epollFd, note);
        }

        private static int fdArgument(long arg) throws Undecodable {
            if (arg < 0 || arg > Integer.MAX_VALUE) {
                throw new Undecodable("its fd argument 0x" + Long.toHexString(arg) + " is no fd");
            }
            return (int) arg;
        }

        private List<Integer> pollFds(long address, long count) throws IOException {
            if (count == 0) {
                return List.of();
            }
            if (count < 0 || count > MAX_FDS) {
                throw new Undecodable("it polls " + Long.toUnsignedString(count) + " fds, more than sockkill reads");
            }
            byte[] array = memory.read(pid, address, (int) count * PollFd.SIZE);
            Set<Integer> fds = new LinkedHashSet<>();
            for (PollFd p : PollFd.decode(array, ByteOrder.nativeOrder())) {
                if (!p.ignored()) {
                    fds.add(p.fd());
                }
            }
            return List.copyOf(fds);
        }

        private List<Integer> selectFds(TaskSyscall s) throws IOException {
            long nfds = s.arg(0);
            if (nfds < 0 || nfds > MAX_FDS) {
                throw new Undecodable("its nfds " + Long.toUnsignedString(nfds) + " is more than sockkill reads");
            }
            Set<Integer> fds = new TreeSet<>();
            for (int set = 1; set <= 3; set++) {
                long address = s.arg(set);
                if (address != 0 && nfds > 0) {
                    byte[] bits = memory.read(pid, address, FdSet.bytesFor((int) nfds));
                    fds.addAll(FdSet.decode(bits, (int) nfds, ByteOrder.nativeOrder()));
                }
            }
            return List.copyOf(fds);
        }

        /**
         * The fds epoll set {@code epfd} watches and can still wake for, each checked to be the file it
         * was added as; a set inside the set is followed too.
         */
        private List<Integer> epollFds(int epfd, int depth, List<String> notes) throws IOException {
            if (epollSets.containsKey(epfd)) {
                return epollSets.get(epfd);
            }
            epollSets.put(epfd, List.of());
            String info;
            try {
                info = tasks.fdinfo(pid, epfd);
            } catch (NoSuchFileException closed) {
                if (!proc.exists(pid)) {
                    throw new NoSuchProcessException(pid);
                }
                notes.add("epoll fd " + epfd + " is closed");
                return List.of();
            }
            List<EpollTarget> targets;
            try {
                targets = EpollTarget.parse(info);
            } catch (IllegalArgumentException e) {
                throw new Undecodable("epoll fd " + epfd + ": " + e.getMessage());
            }
            Set<Integer> fds = new LinkedHashSet<>();
            for (EpollTarget t : targets) {
                if (!t.armed()) {
                    continue;
                }
                if (!sameFile(t)) {
                    notes.add("fd " + t.fd() + " in epoll fd " + epfd + " was closed or replaced since it was added");
                    continue;
                }
                fds.add(t.fd());
                if (depth < EPOLL_DEPTH && FdKind.of(link(t.fd())) == FdKind.EPOLL) {
                    fds.addAll(epollFds(t.fd(), depth + 1, notes));
                }
            }
            List<Integer> out = List.copyOf(fds);
            epollSets.put(epfd, out);
            return out;
        }

        /** The fd still holds the file the epoll set registered (same inode). */
        private boolean sameFile(EpollTarget t) {
            try {
                Path fd = proc.root().resolve(Integer.toString(pid)).resolve("fd").resolve(Integer.toString(t.fd()));
                return ((Number) Files.getAttribute(fd, "unix:ino")).longValue() == t.inode();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /** The fd's link text, "" once closed; read once per diagnosis. */
        private String link(int fd) throws IOException {
            String l = links.get(fd);
            if (l == null) {
                try {
                    l = proc.fd(pid, fd).target();
                } catch (NoSuchFdException closed) {
                    l = "";
                }
                links.put(fd, l);
            }
            return l;
        }

        private WaitedFd describe(SocketProbe probe, int fd, List<Integer> waitedBy) throws IOException {
            String target = link(fd);
            List<Integer> watches = epollSets.getOrDefault(fd, List.of());
            if (target.isEmpty()) {
                return new WaitedFd(fd, FdKind.CLOSED, "", null, null, -1, waitedBy, watches,
                        "closed while sockkill looked");
            }
            FdKind kind = FdKind.of(target);
            if (kind != FdKind.SOCKET) {
                return new WaitedFd(fd, kind, target, null, null, -1, waitedBy, watches, "");
            }
            SocketProbe.Facts f = probe.probe(fd, FdLink.socketInode(target));
            return new WaitedFd(fd, kind, target, f.netid(), f.entry(), f.netns(), waitedBy, watches, f.note());
        }
    }

    /** Arguments that make no sense for their call: reported as a note on the thread. */
    private static final class Undecodable extends IOException {
        private static final long serialVersionUID = 1L;

        Undecodable(String message) {
            super(message);
        }
    }
}
