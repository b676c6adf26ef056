package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            Thread.sleep(2200);
            try (Victim fresh = Victim.start(link.client().prefix(), "tcp-recv", VethPair.SERVER4, "7800")) {
                CliRun.Result r = match(old, "--idle", "2", "--dport", "7800");
                assertEquals(0, r.status(), r::toString);
                assertEquals("killed 1, already gone 0, failed 0\n", r.out());
                Map<String, String> result = old.result(10);
                assertEquals("ECONNABORTED", result.get("name"), result::toString);
                assertTrue(fresh.stillBlocked(300), "the fresh connection must live");
            }
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
