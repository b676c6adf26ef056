package sockkill.proc;

import java.util.Arrays;

/**
 * One line of {@code /proc/P/task/T/syscall}: what a thread is doing, read without stopping it.
 * <pre>
 *   running                               on a CPU now (look again)
 *   -1 SP PC                              not in a system call (computing, or stopped)
 *   NR A1 A2 A3 A4 A5 A6 SP PC            blocked in system call NR (decimal), arguments in hex
 * </pre>
 */
public record TaskSyscall(State state, long number, long[] args) {
    /** Where the thread is. */
    public enum State {
        IN_SYSCALL,
        RUNNING,
        NOT_IN_SYSCALL
    }

    public static final TaskSyscall RUNNING = new TaskSyscall(State.RUNNING, -1, new long[0]);
    public static final TaskSyscall NOT_IN_SYSCALL = new TaskSyscall(State.NOT_IN_SYSCALL, -1, new long[0]);

    /** Parses the file's text; rejects anything else with an IllegalArgumentException that quotes it. */
    public static TaskSyscall parse(String text) {
        String line = text.strip();
        if (line.equals("running")) {
            return RUNNING;
        }
        String[] w = line.split(" ");
        try {
            if (w[0].equals("-1") && w.length == 3) {
                hex(w[1]);
                hex(w[2]);
                return NOT_IN_SYSCALL;
            }
            if (w.length != 9) {
                throw new IllegalArgumentException("expected 9 fields");
            }
            long number = Long.parseLong(w[0]);
            if (number < 0) {
                throw new IllegalArgumentException("negative syscall number");
            }
            long[] args = new long[6];
            for (int i = 0; i < 6; i++) {
                args[i] = hex(w[1 + i]);
            }
            hex(w[7]);
            hex(w[8]);
            return new TaskSyscall(State.IN_SYSCALL, number, args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unexpected syscall line '" + line + "': " + e.getMessage(), e);
        }
    }

    /** "0x7ffc4d589a70" as the unsigned 64-bit value it is. */
    private static long hex(String s) {
        if (!s.startsWith("0x") || s.length() < 3 || s.length() > 18) {
            throw new IllegalArgumentException("'" + s + "' is not a hex number");
        }
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    /** Argument {@code i} (0 to 5). */
    public long arg(int i) {
        return args[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskSyscall t && t.state == state && t.number == number && Arrays.equals(t.args, args);
    }

    @Override
    public int hashCode() {
        return state.hashCode() * 31 + Long.hashCode(number) * 17 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return switch (state) {
            case RUNNING -> "running";
            case NOT_IN_SYSCALL -> "not in a syscall";
            case IN_SYSCALL -> "syscall " + number + " " + Arrays.toString(args);
        };
    }
}
