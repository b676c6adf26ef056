package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import sockkill.proc.Capabilities;
import sockkill.sys.Kernel;

/** A refusal names the capability that is missing, worded for who sockkill runs as. */
class PrivilegesTest {
    private static final long ALL = 0x1ff_ffff_ffffL;
    private static final long DOCKER_DEFAULT = 0xa80425fbL;

    @Test
    void anOrdinaryUserIsToldToRunAsRoot() {
        Privileges p = new Privileges(new Capabilities(0, 1000));

        assertEquals("needs CAP_SYS_PTRACE to read another user's fds (run as root)",
                p.needsPtrace("to read another user's fds"));
    }

    @Test
    void rootInAContainerWithoutTheCapabilityIsToldWhichOne() {
        Privileges p = new Privileges(new Capabilities(DOCKER_DEFAULT, 0));

        assertEquals("needs CAP_SYS_PTRACE in this container to read another user's fds (sockkill runs as root, but "
                + "without CAP_SYS_PTRACE)", p.needsPtrace("to read another user's fds"));
        assertEquals("needs CAP_SYS_ADMIN in this container to enter the network namespace of pid 7 (sockkill runs as "
                + "root, but without CAP_SYS_ADMIN)", p.needsSysAdmin("the network namespace of pid 7"));
        assertEquals("needs CAP_NET_ADMIN in this container to destroy sockets in x (sockkill runs as root, but "
                + "without CAP_NET_ADMIN)", p.needsNetAdmin("x"));
    }

    @Test
    void holdingTheCapabilityAndStillRefusedMeansItIsNotHeldOverTheTarget() {
        Privileges p = new Privileges(new Capabilities(ALL, 0));

        assertEquals("needs CAP_NET_ADMIN to destroy sockets in x, over the user namespace that owns it (sockkill "
                + "holds CAP_NET_ADMIN only in its own)", p.needs(Kernel.CAP_NET_ADMIN, "to destroy sockets in x"));
    }
}
