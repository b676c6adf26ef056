package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sockets where no process of theirs lives, and namespaces that come and go, on the real kernel.
 * The victim makes its socket inside the client namespace of a veth pair (setns, connect), then
 * returns to a namespace of its own: no process lives where its socket does. sockkill must ask the
 * socket itself (SIOCGSKNS), find it through /run/netns while the name exists and through its
 * holder once it does not; and --all-netns must not fail when unrelated namespaced processes exit
 * while it searches.
 */
class NamespaceReachIT {
    private VethPair pair;
    private Netns home;
    private Victim client;

    @BeforeEach
    void socketAway() {
        Host.requireRootAndBuild();
        pair = VethPair.create();
        home = Netns.create();
        pair.server().own(Victim.start(pair.server().prefix(), "tcp-serve", VethPair.SERVER4, "7990"));
        client = home.own(Victim.start(home.prefix(), "--netns", "/run/netns/" + pair.client().name(), "tcp-recv",
                VethPair.SERVER4, "7990"));
        // independently of sockkill: no process lives in the client namespace, and the socket is there
        assertEquals("", Proc.run("ip", "netns", "pids", pair.client().name()).out().strip());
        assertTrue(pair.client().exec("ss", "-tnH", "state", "established").out().contains(client.local()));
    }

    @AfterEach
    void cleanUp() {
        home.close();
        pair.close();
    }

    private void expectKilled(CliRun.Result r) {
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("killed tcp " + client.local() + " <-> " + VethPair.SERVER4 + ":7990 ESTAB"),
                r::toString);
        Map<String, String> seen = client.result(10);
        assertEquals("ECONNABORTED", seen.get("name"), seen::toString);
    }

    @Test
    void pidFdAsksTheSocketWhichNamespaceItLivesIn() {
        String[] args = {"pid", Integer.toString(client.pid()), "fd", Integer.toString(client.fd())};
        CliRun.Result dry = CliRun.run(args[0], args[1], args[2], args[3], "--dry-run");
        assertEquals(0, dry.status(), dry::toString);

        expectKilled(CliRun.run(args));
    }

    @Test
    void allNetnsFindsANamespaceOnlyAMountKeeps() {
        CliRun.Result r = CliRun.run("inode", Long.toString(client.inode()), "--all-netns");

        expectKilled(r);
    }

    @Test
    void withoutTheMountTheHolderSaysWhereItsSocketLives() {
        // the name goes; the socket keeps its namespace alive, and only the socket knows where
        Proc.run("ip", "netns", "del", pair.client().name()).requireSuccess();

        CliRun.Result dry = CliRun.run("inode", Long.toString(client.inode()), "--all-netns", "--dry-run");
        assertEquals(0, dry.status(), dry::toString);
        expectKilled(CliRun.run("inode", Long.toString(client.inode()), "--all-netns"));
    }

    @Test
    void allNetnsAnswersForItsSocketWhileOtherNamespacesComeAndGo() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        List<Process> churn = new ArrayList<>();
        Thread spawner = new Thread(() -> {
            // processes in throwaway namespaces of their own, each exiting within some tens of ms
            while (!stop.get()) {
                try {
                    Process p = new ProcessBuilder("unshare", "--net", "sleep",
                            "0.0" + ThreadLocalRandom.current().nextInt(1, 6)).start();
                    synchronized (churn) {
                        churn.add(p);
                    }
                    started.incrementAndGet();
                    Thread.sleep(2);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "churn");
        spawner.start();
        try {
            for (int run = 0; run < 20; run++) {
                CliRun.Result r = CliRun.run("inode", Long.toString(client.inode()), "--all-netns", "--dry-run");
                assertEquals(0, r.status(), "run " + run + " under churn: " + r);
                assertTrue(r.out().startsWith("would kill tcp " + client.local()), r::toString);
            }
            expectKilled(CliRun.run("inode", Long.toString(client.inode()), "--all-netns"));
        } finally {
            stop.set(true);
            spawner.join(5000);
            synchronized (churn) {
                for (Process p : churn) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        assertTrue(started.get() > 50, "the churn ran: " + started.get() + " processes");
    }
}
