package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import sockkill.core.Diagnosis;
import sockkill.core.PeerVerdict;
import sockkill.core.ProbeResult;
import sockkill.core.TcpFigures;
import sockkill.core.ThreadWait;
import sockkill.core.WaitedFd;
import sockkill.proc.FdKind;
import sockkill.proc.SyscallTable;

/** A diagnosis as {@code why} prints it: a line per thread, a line or two per fd, the verdict. */
final class DiagnosisText {
    private DiagnosisText() {
    }

    static void print(PrintWriter out, Diagnosis d) {
        print(out, d, Map.of());
    }

    /** With {@code probes} (why --probe): under each socket probed, what its probe found. */
    static void print(PrintWriter out, Diagnosis d, Map<Integer, ProbeResult> probes) {
        int live = (int) d.threads().stream().filter(t -> t.state() != ThreadWait.State.GONE).count();
        if (d.givenTid() >= 0) {
            line(out, "thread " + d.givenTid() + " belongs to " + d.process() + ": diagnosing the whole process");
        }
        line(out, d.process() + ", " + d.arch() + ", " + live + (live == 1 ? " thread" : " threads"));
        for (ThreadWait t : d.threads()) {
            line(out, "thread " + t.tid() + " (" + t.comm() + "): " + doing(t));
        }
        for (WaitedFd f : d.fds()) {
            StringBuilder b = new StringBuilder("fd ").append(f.fd()).append(": ").append(f.describe());
            if (f.kind() == FdKind.EPOLL) {
                b.append(f.watches().isEmpty() ? " watching nothing"
                        : f.watches().size() == 1 ? " watching fd " + f.watches().get(0)
                        : " watching fds " + numbers(f.watches()));
            }
            if (f.netns() >= 0) {
                b.append(" (netns ").append(f.netns()).append(')');
            }
            line(out, b.toString());
            if (f.isInetSocket() && f.socket().isPresent()) {
                line(out, "    " + TcpFigures.of(f.socket().get()));
            }
            if (!f.note().isEmpty()) {
                line(out, "    note: " + f.note());
            }
            ProbeResult probe = probes.get(f.fd());
            if (probe != null) {
                line(out, "    " + probe.words() + (answered(probe) ? "; left as it was" : ""));
            }
        }
        line(out, "verdict: " + d.verdict());
        out.flush();
    }

    private static boolean answered(ProbeResult r) {
        return r.verdict().kind() == PeerVerdict.Kind.ANSWERED && Boolean.TRUE.equals(r.restored());
    }

    private static String doing(ThreadWait t) {
        String what = switch (t.state()) {
            case RUNNING -> "running (on a CPU each time sockkill looked)";
            case USER -> "not in a system call";
            case GONE -> "exited while sockkill looked";
            case IN_SYSCALL -> {
                if (!t.understood()) {
                    yield t.call() + " (no fd to follow)";
                }
                if (t.shape() == SyscallTable.Shape.FD) {
                    yield t.call();
                }
                yield t.call() + (t.fds().isEmpty() ? " on no fd"
                        : t.fds().size() == 1 ? " on fd " + t.fds().get(0) : " on fds " + numbers(t.fds()));
            }
        };
        return t.note().isEmpty() ? what : what + " [" + t.note() + "]";
    }

    private static String numbers(List<Integer> values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }

    private static void line(PrintWriter out, String text) {
        out.println(TerminalText.escape(text));
    }
}
