package sockkill.proc;

/**
 * What {@code /proc/ID/status} says about a process or thread: the process it belongs to
 * ({@code Tgid}, itself for a process), its state letter, and whether it is a kernel thread
 * ({@code Kthread: 1}; kernels before 6.9 lack the line, and a kernel thread is then the one task
 * that is alive yet has no memory, no {@code VmSize}).
 */
public record TaskStatus(int tgid, char state, boolean kernelThread) {
    public static TaskStatus parse(String text) {
        int tgid = -1;
        char state = '?';
        Boolean kthread = null;
        boolean memory = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "Tgid" -> tgid = Integer.parseInt(value);
                case "State" -> state = value.isEmpty() ? '?' : value.charAt(0);
                case "Kthread" -> kthread = value.equals("1");
                case "VmSize" -> memory = true;
                default -> {
                    // not needed
                }
            }
        }
        if (tgid <= 0) {
            throw new IllegalArgumentException("no Tgid line in a status file");
        }
        boolean kernel = kthread != null ? kthread : !memory && !exited(state);
        return new TaskStatus(tgid, state, kernel);
    }

    /** Z (zombie) or X (dead): exited, its memory and fds already gone. */
    public boolean exited() {
        return exited(state);
    }

    private static boolean exited(char state) {
        return state == 'Z' || state == 'X';
    }
}
