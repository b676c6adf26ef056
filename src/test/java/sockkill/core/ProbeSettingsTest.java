package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What the kernel is told while a connection is probed. */
class ProbeSettingsTest {
    @Test
    void anEndingProbeLetsTheKernelGiveUpAfterOneProbeASecondForAllButTheLastSecond() {
        ProbeSettings s = new ProbeSettings(3, true);
        assertEquals(2, s.deadAfterProbes());
        assertEquals(new KeepaliveSettings(true, 1, 1, 2, 0), s.keepalive(0));
        assertEquals(3000, s.timeoutMillis());
    }

    @Test
    void aProbeThatOnlyLooksNeverLetsTheKernelEndTheConnectionBeforeItsSettingsGoBack() {
        assertEquals(new KeepaliveSettings(true, 1, 1, 4, 0), new ProbeSettings(3, false).keepalive(0));
    }

    @Test
    void probesAlreadyUnansweredAreAddedSoThatTheVerdictRestsOnNewOnes() {
        assertEquals(5, new ProbeSettings(3, true).keepalive(3).count());
        assertEquals(ProbeSettings.MAX_KEEPCNT, new ProbeSettings(120, true).keepalive(100).count(),
                "TCP_KEEPCNT is at most 127");
    }

    @Test
    void theTimeoutIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(1, true));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(121, true));
        assertEquals(1, new ProbeSettings(2, true).keepalive(0).count());
    }
}
