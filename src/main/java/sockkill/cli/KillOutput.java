package sockkill.cli;

import java.io.PrintWriter;

import sockkill.core.KillOutcome;
import sockkill.core.KillReport;
import sockkill.core.ListedSocket;
import sockkill.core.NetnsRef;
import sockkill.core.Problem;
import sockkill.core.SocketDestroyer;
import sockkill.core.SocketEntry;
import sockkill.core.SocketProblem;
import sockkill.proc.FdOwner;
import sockkill.sys.NetworkNamespace;

/** What a kill command prints: one line a human reads, or with --json one object. */
final class KillOutput {
    private KillOutput() {
    }

    /** A kill to run and report. */
    @FunctionalInterface
    interface Kill {
        KillReport run() throws Exception;
    }

    /** Writes the target of a kill, as the user named it, as one JSON object. */
    @FunctionalInterface
    interface Target {
        void write(JsonWriter json);
    }

    /**
     * Runs {@code kill} and reports it on {@code out}; a failure is rethrown for the one-line message
     * and the exit status, after being reported as a JSON object too when {@code json}.
     */
    static int run(PrintWriter out, boolean json, Target target, Kill kill) throws Exception {
        return run(out, json, target, kill, null);
    }

    /** As {@link #run(PrintWriter, boolean, Target, Kill)}, with {@code extra} members in the JSON object. */
    static int run(PrintWriter out, boolean json, Target target, Kill kill, Extra extra) throws Exception {
        KillReport r;
        try {
            r = kill.run();
        } catch (Exception e) {
            if (json) {
                failure(out, e, target, extra);
            }
            throw e;
        }
        report(out, r, json, target, extra);
        return ExitCodes.OK;
    }

    /** More members for a JSON report, after the usual four (pid P adds its diagnosis). */
    @FunctionalInterface
    interface Extra {
        void write(JsonWriter json);
    }

    static void report(PrintWriter out, KillReport r, boolean json, Target target) {
        report(out, r, json, target, null);
    }

    static void report(PrintWriter out, KillReport r, boolean json, Target target, Extra extra) {
        if (json) {
            out.print(object(target, r.outcome().label(), r.socket(), r.netns(), r.detail(), extra));
        } else {
            String verb = switch (r.outcome()) {
                case KILLED -> "killed";
                case FOUND -> "would " + (r.detail().contains("shut it down") ? "shut down" : "kill");
                case SHUT_DOWN -> "shut down";
            };
            StringBuilder line = new StringBuilder(verb).append(' ').append(SocketDestroyer.describe(r.socket().socket()));
            holders(line, r.socket());
            // a kill by inode names no holder: where it was is then said (pid P's is P's, said already)
            if (r.socket().owners() == null && r.netns() != null && r.netns().inode() > 0
                    && r.netns().inode() != ownNamespace()) {
                line.append(" in ").append(r.netns().describe());
            }
            if (!r.detail().isEmpty() && r.outcome() != KillOutcome.FOUND) {
                line.append(": ").append(r.detail());
            }
            out.println(TerminalText.escape(line.toString()));
        }
        StdoutWriter.flushOrFail(out);
    }

    /** With --json, a failure is an object too (the one-line message still goes to stderr). */
    static void failure(PrintWriter out, Exception e, Target target) {
        failure(out, e, target, null);
    }

    static void failure(PrintWriter out, Exception e, Target target, Extra extra) {
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
                case AMBIGUOUS -> "ambiguous";
                case ALIVE -> "alive";
                case INTERNAL -> "error";
            };
            if (p instanceof SocketProblem sp) {
                socket = sp.socket().orElse(null);
            }
        }
        out.print(object(target, outcome, socket, null, e.getMessage() == null ? e.toString() : e.getMessage(), extra));
        StdoutWriter.flushOrFail(out);
    }

    /** {"target":{...},"outcome":"...","socket":{...}|null,"message":"...",EXTRA} and a newline. */
    private static String object(Target target, String outcome, ListedSocket socket, NetnsRef netns, String message,
            Extra extra) {
        JsonWriter json = new JsonWriter(new Utf8Text(512));
        json.beginObject().name("target");
        target.write(json);
        json.field("outcome", outcome).name("socket");
        if (socket == null) {
            json.nullValue();
        } else {
            SocketJson.object(json, socket, netns);
        }
        json.field("message", message);
        if (extra != null) {
            extra.write(json);
        }
        json.endObject().newline();
        return json.text().toString();
    }

    /** The inode of sockkill's own network namespace; 0 if it cannot be read. */
    private static long ownNamespace() {
        try {
            return NetworkNamespace.current().inode();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** " (comm pid P fd F, ...)" after a socket, when its holders are known. */
    /**
     * {@link SocketDestroyer#describe} written straight into {@code out} as bytes, for the thousands
     * of lines of a bulk kill: the same words ({@code KillOutputTest} holds the two together), with
     * the holders after them as {@link #holders(StringBuilder, ListedSocket)} puts them, every comm
     * escaped. Addresses, ports and states are ASCII of our own; a UNIX socket's path is someone
     * else's text, so it goes through the String and {@link TerminalText#escape}.
     */
    static void describe(Utf8Text out, ListedSocket l) {
        SocketEntry s = l.socket();
        if (s.netid().isUnix()) {
            out.append(TerminalText.escape(SocketDestroyer.describe(s)));
        } else {
            out.append(s.netid().label());
            out.append(' ');
            endpoint(out, s, s.localAddress(), s.localPort());
            out.append(" <-> ");
            endpoint(out, s, s.peerAddress(), s.peerPort());
            out.append(' ');
            out.append(s.stateName());
            out.append(" inode ");
            out.decimal(s.inode());
        }
        if (l.owners() == null || l.owners().isEmpty()) {
            return;
        }
        out.append(" (");
        for (int i = 0; i < l.owners().size(); i++) {
            FdOwner o = l.owners().get(i);
            if (i > 0) {
                out.append(", ");
            }
            out.append(TerminalText.escape(o.comm()));
            out.append(" pid ");
            out.decimal(o.pid());
            out.append(" fd ");
            out.decimal(o.fd());
        }
        out.append(')');
    }

    private static void endpoint(Utf8Text out, SocketEntry s, String address, long port) {
        if (s.isIpv6()) {
            out.append('[');
            out.append(address);
            out.append(']');
        } else {
            out.append(address);
        }
        out.append(':');
        if (port == 0) {
            out.append('*');
        } else {
            out.decimal(port);
        }
    }

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
