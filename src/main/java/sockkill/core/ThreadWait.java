package sockkill.core;

import java.util.List;

import sockkill.proc.SyscallTable;

/**
 * One thread of a diagnosed process and what it was blocked in when sockkill looked.
 *
 * @param syscall the call's name ("read", "futex", "syscall 999"), empty unless {@code state} is
 *        {@link State#IN_SYSCALL}
 * @param number the call's number, -1 unless in a call
 * @param fds the fds the call waits on, in the order it names them (for an epoll wait: what the
 *        epoll set watches, nested sets expanded); empty for a call not understood
 * @param epollFd the epoll fd of an epoll wait, -1 otherwise
 * @param note what could not be read or decoded, empty if nothing
 */
public record ThreadWait(int tid, String comm, State state, String syscall, long number, SyscallTable.Shape shape,
        List<Integer> fds, int epollFd, String note) {
    /** Where the thread was. */
    public enum State {
        IN_SYSCALL("in-syscall"),
        /** On a CPU each time sockkill looked. */
        RUNNING("running"),
        /** Not in a system call: computing, or stopped. */
        USER("user"),
        /** It exited while sockkill looked. */
        GONE("gone");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static ThreadWait notInSyscall(int tid, String comm, State state) {
        return new ThreadWait(tid, comm, state, "", -1, SyscallTable.Shape.OTHER, List.of(), -1, "");
    }

    /** In a call whose fds sockkill knows how to find (it may still have found none). */
    public boolean understood() {
        return state == State.IN_SYSCALL && shape != SyscallTable.Shape.OTHER;
    }

    /** "read(3)", "epoll_wait(6)", "poll", "futex": the call as a user would name it. */
    public String call() {
        if (shape == SyscallTable.Shape.FD && !fds.isEmpty()) {
            return syscall + "(" + fds.get(0) + ")";
        }
        if (shape == SyscallTable.Shape.EPOLL && epollFd >= 0) {
            return syscall + "(" + epollFd + ")";
        }
        return syscall;
    }
}
