package sockkill.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import jnr.constants.platform.Errno;
import picocli.CommandLine.Option;
import sockkill.core.Digits;
import sockkill.core.Privileges;
import sockkill.core.Problem;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;
import sockkill.sys.NotANetworkNamespaceException;

/**
 * {@code --netns PID|PATH}: the network namespace to work in, by a process living in it or a file
 * naming it. The file is checked before anything else happens: it must exist, be readable, and be a
 * network namespace (opened without blocking, so a FIFO or a terminal is refused, never waited on).
 * Every wrong value is one line: a usage error (exit 2), a missing process (exit 5), or a file only
 * root may open (exit 3).
 */
public final class NamespaceOption {
    private static final String HINT = "give a pid, an 'ip netns' name, or a namespace file such as /run/netns/NAME or "
            + "/proc/PID/ns/net";
    /** Where 'ip netns add NAME' mounts its namespaces. */
    static final Path IP_NETNS_DIR = Path.of("/run/netns");

    @Option(names = {"--netns", "-N"}, paramLabel = "PID|NAME|PATH",
            description = "Work in another network namespace: that of process PID, the 'ip netns' namespace NAME "
                    + "(/run/netns/NAME; ss -N NAME), or the one PATH refers to (a name with a '/'). Default: "
                    + "sockkill's own. A value that names no network namespace is a usage error (exit 2); one only "
                    + "root may open, exit 3.")
    String netns;

    boolean given() {
        return netns != null;
    }

    /** The namespace asked for, opened and checked, or {@code fallback} when none was. */
    NetworkNamespace resolve(NetworkNamespace fallback) throws Problem {
        if (netns == null) {
            return fallback;
        }
        if (netns.isEmpty()) {
            throw usage("--netns '' names nothing; " + HINT);
        }
        if (Digits.isDecimal(netns)) {
            int pid = Numbers.parse("--netns", netns);
            if (!Files.exists(Path.of("/proc", Integer.toString(pid)))) {
                throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "--netns " + pid + ": no process with pid " + pid);
            }
            return opened(NetworkNamespace.ofPid(pid), "--netns " + pid);
        }
        Path file;
        try {
            file = ipNetnsName(netns).orElse(Path.of(netns));
        } catch (InvalidPathException e) {
            throw usage("--netns '" + netns + "': this name cannot be written in the character set of the "
                    + "current locale (" + System.getProperty("sun.jnu.encoding") + "); run sockkill in a UTF-8 "
                    + "locale (e.g. LC_ALL=C.UTF-8), or " + HINT);
        }
        String what = "--netns " + netns;
        int mode;
        try {
            mode = (Integer) Files.getAttribute(file, "unix:mode");
        } catch (NoSuchFileException e) {
            throw usage(what + ": " + (netns.contains("/") ? "no such file" : "no 'ip netns' namespace of that name "
                    + "(ip netns list names them) and no such file") + "; " + HINT);
        } catch (AccessDeniedException e) {
            throw permission(what);
        } catch (FileSystemException e) {
            throw usage(what + ": " + (e.getReason() != null ? e.getReason() : e.getMessage()) + "; " + HINT);
        } catch (IOException | UnsupportedOperationException e) {
            throw usage(what + ": " + e.getMessage() + "; " + HINT);
        }
        String kind = fileKind(mode);
        if (kind != null) {
            throw usage(what + " is " + kind + ", not a network namespace; " + HINT);
        }
        return opened(NetworkNamespace.ofFile(file), what);
    }

    /**
     * /run/netns/NAME for a value that is an 'ip netns' name (no '/', not "." or "..") and that names
     * one; empty otherwise, and the value is then read as a path (a file of that name here).
     */
    static java.util.Optional<Path> ipNetnsName(String value) {
        if (value.contains("/") || value.equals(".") || value.equals("..") || value.indexOf('\0') >= 0) {
            return java.util.Optional.empty();
        }
        Path named = IP_NETNS_DIR.resolve(value);
        return Files.exists(named, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? java.util.Optional.of(named)
                : java.util.Optional.empty();
    }

    /** {@code ns} with its file open, or the problem that stops it. */
    private static NetworkNamespace opened(NetworkNamespace ns, String what) throws Problem {
        try {
            ns.verify();
            return ns;
        } catch (NotANetworkNamespaceException e) {
            throw usage("--netns " + e.getMessage() + "; " + HINT);
        } catch (NoSuchFileException e) {
            throw new Problem(Problem.Kind.NO_SUCH_PROCESS, what + ": " + ns + " is gone (its process exited?)");
        } catch (NativeException e) {
            if (e.call().startsWith("setns") && e.is(Errno.EINVAL)) {
                throw usage(what + " is another kind of namespace, not a network namespace; " + HINT);
            }
            if (e.call().startsWith("setns") && e.is(Errno.EPERM)) {
                throw new Problem(Problem.Kind.PERMISSION, what + ": " + Privileges.ofSelf().needsSysAdmin("it"));
            }
            if (e.is(Errno.EACCES) || e.is(Errno.EPERM)) {
                throw permission(what);
            }
            throw usage(what + ": cannot open it (" + NativeException.describe(e.errno()) + "); " + HINT);
        } catch (AccessDeniedException e) {
            throw permission(what);
        } catch (IOException e) {
            throw usage(what + ": cannot open it (" + e.getMessage() + "); " + HINT);
        }
    }

    private static Problem permission(String what) {
        return new Problem(Problem.Kind.PERMISSION, what + ": permission denied: opening another process's namespace "
                + Privileges.ofSelf().needsPtrace("to open it"));
    }

    private static Problem usage(String message) {
        return new Problem(Problem.Kind.USAGE, message);
    }

    /** "a FIFO", "a directory"... for a file type that cannot be a namespace; null for a regular file. */
    private static String fileKind(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> null;
            case 0040000 -> "a directory";
            case 0010000 -> "a FIFO";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a regular file";
        };
    }
}
