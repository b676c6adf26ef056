package sockkill.core;

import sockkill.proc.Capabilities;
import sockkill.sys.Kernel;

/**
 * Words for a refusal: which capability the kernel wanted, and what to do about it, decided from
 * what sockkill actually holds (CapEff in /proc/self/status). "Run as root" is no help to someone
 * who is root in a container without CAP_SYS_PTRACE.
 */
public final class Privileges {
    private final Capabilities held;

    Privileges(Capabilities held) {
        this.held = held;
    }

    /** Read on demand: only a refusal needs it. */
    public static Privileges ofSelf() {
        return new Privileges(Capabilities.ofSelf());
    }

    /**
     * What the refusal needs and what to do: "needs CAP_SYS_PTRACE to read the fds of pid 42 (run as
     * root)"; as root without the capability "needs CAP_SYS_PTRACE in this container to ..."; and
     * when sockkill holds it and was refused anyway, that it does not hold it over the target.
     * {@code purpose} starts with "to".
     */
    public String needs(int capability, String purpose) {
        String cap = name(capability);
        if (held.has(capability)) {
            return "needs " + cap + " " + purpose + ", over the user namespace that owns it (sockkill holds " + cap
                    + " only in its own)";
        }
        if (held.isRoot()) {
            return "needs " + cap + " in this container " + purpose + " (sockkill runs as root, but without " + cap
                    + ")";
        }
        return "needs " + cap + " " + purpose + " (run as root)";
    }

    /** SOCK_DESTROY checks CAP_NET_ADMIN over the socket's network namespace. */
    public String needsNetAdmin(Object namespace) {
        return needs(Kernel.CAP_NET_ADMIN, "to destroy sockets in " + namespace);
    }

    /** /proc/P/fd, /proc/P/ns and pidfd_getfd on another user's process need ptrace rights. */
    public String needsPtrace(String purpose) {
        return needs(Kernel.CAP_SYS_PTRACE, purpose);
    }

    /** setns into a network namespace needs CAP_SYS_ADMIN (over its owner). */
    public String needsSysAdmin(Object namespace) {
        return needs(Kernel.CAP_SYS_ADMIN, "to enter " + namespace);
    }

    static String name(int capability) {
        return switch (capability) {
            case Kernel.CAP_NET_ADMIN -> "CAP_NET_ADMIN";
            case Kernel.CAP_SYS_PTRACE -> "CAP_SYS_PTRACE";
            case Kernel.CAP_SYS_ADMIN -> "CAP_SYS_ADMIN";
            default -> "capability " + capability;
        };
    }
}
