package sockkill.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running native-tests/build/sockpop: a population of real sockets whose fds and inodes the
 * program itself reported. Closing it closes its stdin, and it exits.
 */
final class SockPop implements AutoCloseable {
    /** One SOCK line. Addresses as sockpop prints them: 127.0.0.1:5000, [::1]:5000, *:0, /path, @name, *. */
    record Sock(int fd, long inode, String proto, String family, String role, String local, String peer) {
        String localAddress() {
            return address(local);
        }

        int localPort() {
            return port(local);
        }

        String peerAddress() {
            return address(peer);
        }

        int peerPort() {
            return port(peer);
        }

        private static String address(String endpoint) {
            int colon = endpoint.lastIndexOf(':');
            String a = endpoint.substring(0, colon);
            return a.startsWith("[") ? a.substring(1, a.length() - 1) : a;
        }

        private static int port(String endpoint) {
            return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        }
    }

    /** One TIMEWAIT line: the client-side tuple left in TIME-WAIT. */
    record TimeWait(String local, String peer) {
    }

    private final Process process;
    private final int pid;
    private final List<Sock> sockets;
    private final List<TimeWait> timeWaits;

    private SockPop(Process process, int pid, List<Sock> sockets, List<TimeWait> timeWaits) {
        this.process = process;
        this.pid = pid;
        this.sockets = sockets;
        this.timeWaits = timeWaits;
    }

    /** Starts sockpop with {@code specs} under {@code prefix} (e.g. "ip netns exec NS") and waits for READY. */
    static SockPop start(List<String> prefix, String... specs) {
        return startBinary(prefix, Host.SOCKPOP.toString(), specs);
    }

    /** As {@link #start}, running a copy of sockpop at {@code binary} (its name becomes the comm). */
    static SockPop startBinary(List<String> prefix, String binary, String... specs) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binary);
        command.addAll(List.of(specs));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<Sock> sockets = new ArrayList<>();
            List<TimeWait> timeWaits = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                Map<String, String> f = fields(line);
                if (line.startsWith("SOCK ")) {
                    sockets.add(new Sock(Integer.parseInt(f.get("fd")), Long.parseLong(f.get("inode")), f.get("proto"),
                            f.get("family"), f.get("role"), f.get("local"), f.get("peer")));
                } else if (line.startsWith("TIMEWAIT ")) {
                    timeWaits.add(new TimeWait(f.get("local"), f.get("peer")));
                } else if (line.startsWith("READY ")) {
                    return new SockPop(p, Integer.parseInt(f.get("pid")), sockets, timeWaits);
                }
            }
            p.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("sockpop ended before READY (status " + p.exitValue() + "): " + command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Map<String, String> fields(String line) {
        Map<String, String> out = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                out.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return out;
    }

    int pid() {
        return pid;
    }

    List<Sock> sockets() {
        return sockets;
    }

    List<TimeWait> timeWaits() {
        return timeWaits;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
