package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code match --idle} and {@code --stuck} against connections whose silence the test arranges: a
 * client that has heard nothing for a while versus a fresh one, and a client whose data the
 * kernel keeps retransmitting to a peer behind a downed link versus one that merely waits.
 */
class SilenceIT {
    private static VethPair link;

    @BeforeAll
    static void topology() {
        Host.requireRootAndBuild();
        link = VethPair.create();
        link.server().own(Victim.start(link.server().prefix(), "tcp-serve", VethPair.SERVER4, "7800"));
    }

    @AfterAll
    static void tearDown() {
        if (link != null) {
            link.close();
        }
    }

    private static CliRun.Result match(Victim anyClient, String... filters) {
        String[] args = new String[filters.length + 4];
        args[0] = "match";
        args[1] = "--netns";
        args[2] = Integer.toString(anyClient.pid());
        args[3] = "-q";
        System.arraycopy(filters, 0, args, 4, filters.length);
        return CliRun.run(args);
    }

    @Test
    void idleKillsOnlyTheConnectionThatHasHeardNothingForLong() throws Exception {
        try (Victim old = Victim.start(link.client().prefix(), "tcp-recv", VethPair.SERVER4, "7800")) {
            // old is idle 4 s when fresh starts: fresh has 4 s (its start and the match's) before it is idle too
            Thread.sleep(4200);
            try (Victim fresh = Victim.start(link.client().prefix(), "tcp-recv", VethPair.SERVER4, "7800")) {
                CliRun.Result r = match(old, "--idle", "4", "--dport", "7800");
                assertEquals(0, r.status(), r::toString);
                assertEquals("killed 1, already gone 0, failed 0\n", r.out());
                Map<String, String> result = old.result(10);
                assertEquals("ECONNABORTED", result.get("name"), result::toString);
                assertTrue(fresh.stillBlocked(300), "the fresh connection must live");
            }
        }
    }

    /**
     * The regression of issue 13: a connection that sends as fast as its peer reads and receives no
     * data at all was "idle" by last-data-received alone, and was aborted mid-transfer. Idle means
     * no traffic either way: the bulk sender (and the reader's end too) must be spared while a
     * really idle connection in the same namespace is taken.
     */
    @Test
    @SuppressWarnings("unchecked")
    void idleSparesABulkSenderThatReceivesNoDataAndTakesTheReallyIdleConnection() throws Exception {
        try (Victim drain = Victim.start(link.server().prefix(), "tcp-drain", VethPair.SERVER4, "7801");
                Victim sender = Victim.start(link.client().prefix(), "tcp-blast", VethPair.SERVER4, "7801");
                Victim quiet = Victim.start(link.client().prefix(), "tcp-recv", VethPair.SERVER4, "7800")) {
            Thread.sleep(2500);
            assertTrue(sender.stillBlocked(10), "the sender is still sending");
            CliRun.Result dry = CliRun.run("match", "--netns", Integer.toString(quiet.pid()), "--idle", "2",
                    "--dry-run", "--json");
            assertEquals(0, dry.status(), dry::toString);
            List<Map<String, Object>> sockets = (List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(
                    dry.out())).get("sockets");
            assertEquals(List.of(quiet.inode()), sockets.stream()
                    .map(o -> ((Map<String, Object>) o.get("socket")).get("inode")).toList(),
                    "only the quiet connection is idle, not the sender: " + dry);
            CliRun.Result onServer = CliRun.run("match", "--netns", Integer.toString(drain.pid()), "--idle", "2",
                    "--sport", "7801", "--dry-run");
            assertEquals(1, onServer.status(), "the reader's end receives data all the time: " + onServer);

            CliRun.Result r = CliRun.run("match", "--netns", Integer.toString(quiet.pid()), "--idle", "2", "-q");
            assertEquals(0, r.status(), r::toString);
            assertEquals("killed 1, already gone 0, failed 0\n", r.out());
            assertEquals("ECONNABORTED", quiet.result(10).get("name"));
            assertTrue(sender.stillBlocked(500), "the bulk transfer goes on");
        }
    }

    @Test
    void stuckKillsOnlyTheConnectionWhoseDataGoesUnacknowledged() throws Exception {
        try (Victim sender = Victim.start(link.client().prefix(), "tcp-send", VethPair.SERVER4, "7800");
                Victim waiter = Victim.start(link.client().prefix(), "tcp-recv", VethPair.SERVER4, "7800")) {
            link.cutServerLink();
            try {
                sender.poke();
                assertEquals("4096", sender.line("SENT", 5).get("bytes"));
                Thread.sleep(2200);
                CliRun.Result dry = match(sender, "--stuck", "1", "--dry-run");
                assertEquals(0, dry.status(), dry::toString);
                assertEquals("would kill 1 socket\n", dry.out(), "only the sender is stuck: " + dry);
                CliRun.Result r = match(sender, "--stuck", "1");
                assertEquals(0, r.status(), r::toString);
                assertEquals("ECONNABORTED", sender.result(10).get("name"));
                assertTrue(waiter.stillBlocked(300), "a connection that only waits is not stuck");
                CliRun.Result again = match(waiter, "--stuck", "1");
                assertEquals(1, again.status(), again::toString);
            } finally {
                link.server().exec("ip", "link", "set", "sks", "up");
            }
        }
    }
}
