package sockkill.cli;

import java.io.PrintWriter;

import sockkill.core.KillOutcome;
import sockkill.core.KillReport;
import sockkill.core.ListedSocket;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketProblem;
import sockkill.proc.FdOwner;

/** What a kill command prints: one line a human reads, or with --json one object. */
final class KillOutput {
    private KillOutput() {
    }

    /** A kill to run and report. */
    @FunctionalInterface
    interface Kill {
        KillReport run() throws Exception;
    }

    /**
     * Runs {@code kill} and reports it on {@code out}; a failure is rethrown for the one-line message
     * and the exit status, after being reported as a JSON object too when {@code json}.
     */
    static int run(PrintWriter out, boolean json, String targetJson, Kill kill) throws Exception {
        try {
            report(out, kill.run(), json, targetJson);
            return ExitCodes.OK;
        } catch (Exception e) {
            if (json) {
                failure(out, e, targetJson);
            }
            throw e;
        }
    }

    static void report(PrintWriter out, KillReport r, boolean json, String targetJson) {
        if (json) {
            Utf8Text b = new Utf8Text(512);
            object(b, targetJson, r.outcome().label(), r.socket(), r.detail());
            out.println(b);
        } else {
            String verb = switch (r.outcome()) {
                case KILLED -> "killed";
                case FOUND -> "would " + (r.detail().contains("shut it down") ? "shut down" : "kill");
                case SHUT_DOWN -> "shut down";
            };
            StringBuilder line = new StringBuilder(verb).append(' ').append(SocketDestroyer.describe(r.socket().socket()));
            holders(line, r.socket());
            if (!r.detail().isEmpty() && r.outcome() != KillOutcome.FOUND) {
                line.append(": ").append(r.detail());
            }
            out.println(line);
        }
        out.flush();
    }

    /** With --json, a failure is an object too (the one-line message still goes to stderr). */
    static void failure(PrintWriter out, Exception e, String targetJson) {
        String outcome = "error";
        ListedSocket socket = null;
        if (e instanceof Problem p) {
            outcome = switch (p.kind()) {
                case NOT_FOUND -> "not-found";
                case PERMISSION -> "permission-denied";
                case UNSUPPORTED -> "unsupported";
                case NO_SUCH_PROCESS -> "no-such-process";
                case USAGE -> "usage";
                case TOO_MANY -> "too-many";
                case INTERNAL -> "error";
            };
            if (p instanceof SocketProblem sp) {
                socket = sp.socket().orElse(null);
            }
        }
        Utf8Text b = new Utf8Text(512);
        object(b, targetJson, outcome, socket, e.getMessage() == null ? e.toString() : e.getMessage());
        out.println(b);
        out.flush();
    }

    private static void object(Utf8Text b, String targetJson, String outcome, ListedSocket socket, String message) {
        b.append("{\"target\":");
        b.append(targetJson);
        b.append(",\"outcome\":\"");
        b.append(outcome);
        b.append("\",\"socket\":");
        if (socket == null) {
            b.append("null");
        } else {
            SocketJson.object(b, socket);
        }
        b.append(",\"message\":");
        Json.string(b, message);
        b.append('}');
    }

    /** " (comm pid P fd F, ...)" after a socket, when its holders are known. */
    static void holders(StringBuilder line, ListedSocket s) {
        if (s.owners() == null || s.owners().isEmpty()) {
            return;
        }
        line.append(" (");
        for (int i = 0; i < s.owners().size(); i++) {
            FdOwner o = s.owners().get(i);
            line.append(i == 0 ? "" : ", ").append(o.comm()).append(" pid ").append(o.pid()).append(" fd ").append(o.fd());
        }
        line.append(')');
    }
}
