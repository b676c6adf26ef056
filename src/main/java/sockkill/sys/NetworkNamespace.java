package sockkill.sys;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jnr.constants.platform.Errno;

/**
 * A network namespace named by a file that refers to it: {@code /proc/PID/ns/net}, or a bind mount
 * such as {@code /run/netns/NAME}. Work that must happen inside it runs on a dedicated platform
 * thread which joins the namespace first and is then discarded, so no other thread of this process
 * ever changes namespace and no thread is left in a foreign one.
 *
 * <p>The first time it is entered the namespace file is opened and the fd kept until {@link #close},
 * so the namespace stays reachable even after the process that named it exits.
 */
public final class NetworkNamespace implements Closeable {
    private static final Path OURS = Path.of("/proc/thread-self/ns/net");

    private final Path file;
    /** What to call it in messages when the file's name says nothing (an fd of ours), else null. */
    private final String description;
    private Boolean current;
    private int fd = -1;

    private NetworkNamespace(Path file) {
        this(file, null);
    }

    private NetworkNamespace(Path file, String description) {
        this.file = Objects.requireNonNull(file);
        this.description = description;
    }

    /** The namespace of the calling thread. */
    public static NetworkNamespace current() {
        return new NetworkNamespace(OURS);
    }

    public static NetworkNamespace ofPid(int pid) {
        return new NetworkNamespace(Path.of("/proc", Integer.toString(pid), "ns", "net"));
    }

    public static NetworkNamespace ofFile(Path file) {
        return new NetworkNamespace(file);
    }

    /**
     * The namespace behind {@code namespaceFd}, an nsfs fd of ours (from SIOCGSKNS, say), which this
     * object now owns and closes. {@code description} names it in messages.
     */
    public static NetworkNamespace adopt(int namespaceFd, String description) {
        NetworkNamespace ns = new NetworkNamespace(Path.of("/proc/self/fd/" + namespaceFd), description);
        ns.fd = namespaceFd;
        return ns;
    }

    /**
     * Opens the namespace {@code file} names if it is still the one whose nsfs inode is
     * {@code expectedInode}: empty when the file is gone (its process exited, its mount went) or
     * now names another namespace (the pid was reused). The namespace stays pinned until closed.
     *
     * @throws java.nio.file.AccessDeniedException when the file may not be opened (another user's process)
     */
    public static Optional<NetworkNamespace> openIfStill(Path file, long expectedInode, String description)
            throws IOException {
        int namespaceFd;
        try {
            namespaceFd = Native.open(file.toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC | Kernel.O_NONBLOCK | Kernel.O_NOCTTY);
        } catch (NativeException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ESRCH) || e.is(Errno.ENOTDIR)) {
                return Optional.empty();
            }
            if (e.is(Errno.EACCES) || e.is(Errno.EPERM)) {
                throw new AccessDeniedException(file.toString(), null, e.getMessage());
            }
            throw e;
        }
        NetworkNamespace ns = adopt(namespaceFd, description);
        try {
            if (ns.inode() == expectedInode) {
                return Optional.of(ns);
            }
        } catch (NoSuchFileException vanished) {
            // cannot happen while we hold the fd; treat as gone
        }
        ns.close();
        return Optional.empty();
    }

    public Path file() {
        return file;
    }

    /** The namespace's identity, its nsfs inode number (what {@code ip netns identify} compares). */
    public long inode() throws IOException {
        return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    }

    /** True when this names the namespace the calling thread already lives in (decided once). */
    public synchronized boolean isCurrent() throws IOException {
        if (current == null) {
            current = file.equals(OURS)
                    || inode() == ((Number) Files.getAttribute(OURS, "unix:ino")).longValue()
                    && Files.getAttribute(file, "unix:dev").equals(Files.getAttribute(OURS, "unix:dev"));
        }
        return current;
    }

    /** Something to run inside a namespace: typically opening a socket, which then stays bound to it. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} in this namespace. When the namespace is ours the action runs here;
     * otherwise on a fresh thread that joins it first and ends afterwards.
     */
    public <T> T run(Action<T> action) throws IOException {
        if (isCurrent()) {
            return action.run();
        }
        int namespaceFd = pin();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                Native.setns(namespaceFd, Kernel.CLONE_NEWNET, file.toString());
                outcome.set(new Result(action.run()));
            } catch (IOException | RuntimeException e) {
                outcome.set(e);
            }
        }, "netns " + file);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while working in network namespace " + file, e);
        }
        Object o = outcome.get();
        if (o instanceof IOException e) {
            throw e;
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) ((Result) o).value();
        return value;
    }

    private record Result(Object value) {
    }

    /**
     * Whether sockkill holds CAP_NET_ADMIN over this namespace (over the user namespace that owns
     * it), which SOCK_DESTROY needs. Asked without killing anything: SIOCGSKNS on a socket made in
     * the namespace makes the kernel check exactly that capability, and otherwise only hands back
     * an fd for the namespace.
     */
    public boolean mayAdminister() throws IOException {
        return run(() -> {
            int socket = Native.socket(Kernel.AF_UNIX, Kernel.SOCK_DGRAM | Kernel.SOCK_CLOEXEC, 0);
            try {
                Native.close(Native.socketNamespace(socket));
                return true;
            } catch (NativeException e) {
                if (e.is(Errno.EPERM)) {
                    return false;
                }
                throw e;
            } finally {
                Native.close(socket);
            }
        });
    }

    /**
     * Opens the namespace file now and enters it once on a throwaway thread, so that a wrong file is
     * refused before any work starts: a file that is not a namespace fails the open's check with
     * {@link NotANetworkNamespaceException}, another kind of namespace fails setns with EINVAL.
     */
    public void verify() throws IOException {
        run(() -> null);
    }

    /**
     * Opens the namespace file once; the fd keeps the namespace reachable. The open never blocks (a
     * FIFO) nor takes a terminal, and what it opened must be a file of nsfs.
     */
    private synchronized int pin() throws IOException {
        if (fd < 0) {
            int opened;
            try {
                opened = Native.open(file.toString(),
                        Kernel.O_RDONLY | Kernel.O_CLOEXEC | Kernel.O_NONBLOCK | Kernel.O_NOCTTY);
            } catch (NativeException e) {
                if (e.is(Errno.ENOENT)) {
                    throw new NoSuchFileException(file.toString(), null, "no such network namespace");
                }
                throw e;
            }
            try {
                if (Native.filesystemType(opened, file.toString()) != Kernel.NSFS_MAGIC) {
                    throw new NotANetworkNamespaceException(file + " is not a namespace file");
                }
            } catch (IOException | RuntimeException e) {
                Native.close(opened);
                throw e;
            }
            fd = opened;
        }
        return fd;
    }

    @Override
    public synchronized void close() throws IOException {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            Native.close(f);
        }
    }

    /** For messages: "sockkill's own network namespace", "the network namespace of pid 42", or the file. */
    @Override
    public String toString() {
        if (description != null) {
            return description;
        }
        if (file.equals(OURS)) {
            return "sockkill's own network namespace";
        }
        if (file.getNameCount() == 4 && file.startsWith("/proc") && file.endsWith("ns/net")) {
            return "the network namespace of pid " + file.getName(1);
        }
        return "network namespace " + file;
    }
}
