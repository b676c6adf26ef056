package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refusals, through the launcher as it runs for real: as root with one capability dropped (what a
 * container grants), and as an unprivileged user. Each names the capability that is missing, never
 * reports a hidden socket as gone, and a dry run ends with the real run's status. Nothing is killed.
 */
class PermissionsIT {
    private static Netns ns;
    private static Victim victim;

    @BeforeAll
    static void victim() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        ns.own(Victim.start(ns.prefix(), "tcp-serve", "127.0.0.1", "7995"));
        victim = ns.own(Victim.start(ns.prefix(), "tcp-recv", "127.0.0.1", "7995"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    /** sockkill run as root without {@code capability} (capsh drops it from the bounding set before exec). */
    private static Proc.Result withoutCapability(String capability, String... args) {
        return Proc.run("capsh", "--drop=" + capability, "--", "-c", "exec " + Host.LAUNCHER + " " + String.join(" ", args));
    }

    /** sockkill run as the unprivileged user nobody. */
    private static Proc.Result asNobody(String... args) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                Host.LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Proc.run(command);
    }

    private static String[] dry(String... args) {
        String[] out = new String[args.length + 1];
        System.arraycopy(args, 0, out, 0, args.length);
        out[args.length] = "--dry-run";
        return out;
    }

    /** Exit 3, one line naming {@code needs}, and the same from a dry run. */
    private static void refused(Proc.Result real, Proc.Result dry, String needs) throws Exception {
        for (Proc.Result r : new Proc.Result[] {real, dry}) {
            assertEquals(3, r.status(), r::toString);
            assertTrue(r.err().startsWith("sockkill: "), r::toString);
            assertTrue(r.err().contains(needs), "expected '" + needs + "' in: " + r.err());
            assertFalse(r.err().contains("gone"), r::toString);
            assertEquals(1, r.err().strip().split("\n").length, r::toString);
            assertEquals("", r.out(), r::toString);
        }
        assertTrue(victim.stillBlocked(200), "nothing may be killed");
    }

    private static String[] pidFd() {
        return new String[] {"pid", Integer.toString(victim.pid()), "fd", Integer.toString(victim.fd())};
    }

    @Test
    void rootWithoutCapSysPtraceIsToldSo() throws Exception {
        refused(withoutCapability("cap_sys_ptrace", pidFd()), withoutCapability("cap_sys_ptrace", dry(pidFd())),
                "needs CAP_SYS_PTRACE in this container");
    }

    @Test
    void rootWithoutCapSysAdminIsToldItCannotEnterTheNamespace() throws Exception {
        String[] byInode = {"inode", Long.toString(victim.inode()), "--netns", Integer.toString(victim.pid())};
        refused(withoutCapability("cap_sys_admin", byInode), withoutCapability("cap_sys_admin", dry(byInode)),
                "needs CAP_SYS_ADMIN in this container to enter it (sockkill runs as root, but without CAP_SYS_ADMIN)");
        // pid P fd F needs no namespace to probe (issue 14): the peer is alive, nothing is killed
        for (Proc.Result r : new Proc.Result[] {withoutCapability("cap_sys_admin", pidFd()),
            withoutCapability("cap_sys_admin", dry(pidFd()))}) {
            assertEquals(8, r.status(), r::toString);
            assertTrue(r.err().contains("; without CAP_SYS_ADMIN (to enter the network namespace of the socket) "
                    + "sockkill kills only connections whose peer is proven dead"), r::toString);
        }
        assertTrue(victim.stillBlocked(200), "nothing may be killed");
    }

    /**
     * Without CAP_NET_ADMIN, pid P fd F cannot destroy the socket and probes its peer instead (issue
     * 14): this one is alive (the victim's peer is a live server), so nothing is killed, exit 8, and
     * the message names what a kill regardless would need. A dry run probes too, and ends alike.
     */
    @Test
    void rootWithoutCapNetAdminProbesInsteadAndLeavesALivePeersConnection() throws Exception {
        for (Proc.Result r : new Proc.Result[] {withoutCapability("cap_net_admin", pidFd()),
            withoutCapability("cap_net_admin", dry(pidFd()))}) {
            assertEquals(8, r.status(), r::toString);
            assertTrue(r.out().startsWith("alive tcp "), r::toString);
            assertTrue(r.err().startsWith("sockkill: nothing was killed: the peer of tcp "), r::toString);
            assertTrue(r.err().contains("without CAP_NET_ADMIN sockkill kills only connections whose peer is proven "
                    + "dead"), r::toString);
            assertEquals(1, r.err().strip().split("\n").length, r::toString);
        }
        assertTrue(victim.stillBlocked(200), "nothing may be killed");
    }

    @Test
    void rootWithoutCapNetAdminIsRefusedByInodeWhichHasNoProbe() throws Exception {
        String[] byInode = {"inode", Long.toString(victim.inode()), "--netns", Integer.toString(victim.pid())};
        refused(withoutCapability("cap_net_admin", byInode), withoutCapability("cap_net_admin", dry(byInode)),
                "needs CAP_NET_ADMIN in this container to destroy sockets in the network namespace");
    }

    @Test
    void aUserIsNotToldThatRootsSocketIsGone() throws Exception {
        String[] everywhere = {"inode", Long.toString(victim.inode()), "--all-netns"};
        Proc.Result r = asNobody(everywhere);
        refused(r, asNobody(dry(everywhere)), "could not be");
        assertTrue(r.err().contains("needs CAP_SYS_PTRACE") || r.err().contains("needs CAP_SYS_ADMIN"), r::toString);
        assertTrue(r.err().contains("(run as root)"), r::toString);
    }

    @Test
    void aUserIsToldWhichCapabilityReadingAnotherUsersFdsNeeds() throws Exception {
        refused(asNobody(pidFd()), asNobody(dry(pidFd())),
                "cannot read the fds of pid " + victim.pid() + ": needs CAP_SYS_PTRACE");
    }
}
