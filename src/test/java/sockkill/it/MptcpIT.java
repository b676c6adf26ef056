package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multipath TCP, on the real kernel: an MPTCP client blocked in recv() and an MPTCP listener. Each
 * TCP subflow carries its MPTCP socket's inode and tuple, and destroying a subflow leaves the
 * process hung; this kernel's mptcp_diag has no SOCK_DESTROY. So sockkill must find the MPTCP socket
 * itself, refuse with exit 4 (dry run alike), never touch the subflow, and shut it down when asked
 * (--fallback=shutdown), which the process feels.
 */
class MptcpIT {
    private Netns ns;
    private Victim server;
    private Victim client;

    @BeforeEach
    void connection() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        ns.exec("sysctl", "-q", "-w", "net.mptcp.enabled=1").requireSuccess();
        server = ns.own(Victim.start(ns.prefix(), "--mptcp", "tcp-serve", "127.0.0.1", "7950"));
        client = ns.own(Victim.start(ns.prefix(), "--mptcp", "tcp-recv", "127.0.0.1", "7950"));
        server.line("ACCEPTED ", 5);
        // ss, independently of sockkill: the connection is MPTCP, over a TCP subflow
        String mptcp = ns.exec("ss", "-MnH", "state", "established").requireSuccess().out();
        assertTrue(mptcp.contains(client.local()), "no MPTCP connection from " + client.local() + ": " + mptcp);
        assertTrue(subflowEstablished(), "no TCP subflow");
    }

    @AfterEach
    void cleanUp() {
        ns.close();
    }

    private boolean subflowEstablished() {
        return ns.exec("ss", "-tnH", "state", "established").requireSuccess().out().contains(client.local());
    }

    private static CliRun.Result sockkill(String... args) {
        return CliRun.run(args);
    }

    @Test
    void theClientsMptcpSocketIsFoundAndRefusedItsSubflowUntouched() throws Exception {
        String pid = Integer.toString(client.pid());
        String fd = Integer.toString(client.fd());
        CliRun.Result dry = sockkill("pid", pid, "fd", fd, "--dry-run");
        CliRun.Result real = sockkill("pid", pid, "fd", fd);
        CliRun.Result byInode = sockkill("inode", Long.toString(client.inode()), "--netns", pid);

        for (CliRun.Result r : new CliRun.Result[] {dry, real, byInode}) {
            assertEquals(4, r.status(), r::toString);
            assertTrue(r.err().startsWith("sockkill: cannot kill mptcp " + client.local() + " <-> 127.0.0.1:7950 ESTAB"),
                    r::toString);
            assertTrue(r.err().contains("cannot destroy MPTCP sockets") && r.err().contains("--fallback=shutdown"),
                    r::toString);
            assertEquals("", r.out(), "nothing may be reported killed: " + r);
        }
        assertTrue(client.stillBlocked(300), "the client must not have been touched");
        assertTrue(subflowEstablished(), "the TCP subflow must not have been destroyed");
    }

    @Test
    void theListenerIsExitFourNotAnInternalError() throws Exception {
        String pid = Integer.toString(server.pid());
        CliRun.Result dry = sockkill("pid", pid, "fd", Integer.toString(server.fd()), "--dry-run");
        CliRun.Result real = sockkill("pid", pid, "fd", Integer.toString(server.fd()));

        assertEquals(4, dry.status(), dry::toString);
        assertEquals(4, real.status(), real::toString);
        assertTrue(real.err().startsWith("sockkill: cannot kill mptcp 127.0.0.1:7950 <-> 0.0.0.0:* LISTEN"), real::toString);
        assertFalse(real.err().contains("bug"), real::toString);
        assertTrue(server.stillBlocked(200));
    }

    @Test
    void theShutdownFallbackWakesTheClientAndTheListener() {
        CliRun.Result dry = sockkill("pid", Integer.toString(client.pid()), "fd", Integer.toString(client.fd()),
                "--fallback=shutdown", "--dry-run");
        assertEquals(0, dry.status(), dry::toString);
        assertTrue(dry.out().startsWith("would shut down mptcp " + client.local()), dry::toString);

        CliRun.Result r = sockkill("pid", Integer.toString(client.pid()), "fd", Integer.toString(client.fd()),
                "--fallback=shutdown");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("shut down mptcp " + client.local()), r::toString);
        Map<String, String> seen = client.result(10);
        assertEquals("recv", seen.get("op"));
        assertEquals("EOF", seen.get("name"));

        CliRun.Result listener = sockkill("inode", Long.toString(server.inode()), "--netns",
                Integer.toString(server.pid()), "--fallback=shutdown");
        assertEquals(0, listener.status(), listener::toString);
        assertTrue(listener.out().contains("an accept() on it fails with EINVAL"), listener::toString);
        Map<String, String> accepted = server.result(10);
        assertEquals("accept", accepted.get("op"));
        assertEquals("EINVAL", accepted.get("name"));
    }

    @Test
    void matchByPidFindsTheMptcpSocketAndNotItsSubflow() throws Exception {
        String pid = Integer.toString(client.pid());
        CliRun.Result dry = sockkill("match", "--pid", pid, "--dry-run");
        CliRun.Result real = sockkill("match", "--pid", pid);

        assertEquals(4, dry.status(), dry::toString);
        assertTrue(dry.out().startsWith("would fail mptcp " + client.local()), dry::toString);
        assertTrue(dry.out().endsWith("would kill 0 sockets, already gone 0, would fail 1\n"), dry::toString);
        assertEquals(4, real.status(), real::toString);
        assertTrue(real.out().startsWith("failed mptcp " + client.local()), real::toString);
        assertTrue(real.out().endsWith("killed 0, already gone 0, failed 1\n"), real::toString);
        assertTrue(client.stillBlocked(300), "the client must not have been touched");
        assertTrue(subflowEstablished(), "the TCP subflow must not have been destroyed");
    }

    @Test
    void matchWithIdleSeesThroughTheSubflowToItsMptcpSocket() throws Exception {
        CliRun.Result r = sockkill("match", "--pid", Integer.toString(client.pid()), "--idle", "0", "--dry-run");

        assertEquals(4, r.status(), r::toString);
        assertTrue(r.out().startsWith("would fail mptcp " + client.local()), r::toString);
        assertTrue(subflowEstablished());
    }
}
