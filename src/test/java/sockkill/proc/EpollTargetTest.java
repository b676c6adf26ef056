package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class EpollTargetTest {
    /** /proc/P/fdinfo/5 of an epoll fd as Linux 6.x prints it. */
    private static final String FDINFO = "pos:\t0\n"
            + "flags:\t02000002\n"
            + "mnt_id:\t17\n"
            + "ino:\t1038\n"
            + "tfd:        3 events:       19 data:                3  pos:0 ino:159b2 sdev:f\n"
            + "tfd:       12 events: 8000001d data:     7f0012345678  pos:0 ino:2a sdev:9\n"
            + "tfd:        7 events: 40000000 data:                7  pos:0 ino:1c3 sdev:8\n";

    @Test
    void eachTfdLineGivesTheFdItsEventsDataAndInode() {
        List<EpollTarget> targets = EpollTarget.parse(FDINFO);

        assertEquals(List.of(
                new EpollTarget(3, 0x19, 3, 0x159b2),
                new EpollTarget(12, 0x8000001d, 0x7f0012345678L, 0x2a),
                new EpollTarget(7, 0x40000000, 7, 0x1c3)), targets);
    }

    @Test
    void aOneShotRegistrationThatFiredKeepsOnlyItsFlagsAndIsNotArmed() {
        List<EpollTarget> targets = EpollTarget.parse(FDINFO);

        assertTrue(targets.get(0).armed());              // EPOLLIN|EPOLLERR|EPOLLHUP
        assertTrue(targets.get(1).armed());              // EPOLLET with IN|OUT|ERR|HUP
        assertFalse(targets.get(2).armed());             // EPOLLONESHOT alone: fired, not re-armed
    }

    @Test
    void anEpollSetWatchingNothingHasNoTargets() {
        assertEquals(List.of(), EpollTarget.parse("pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\n"));
    }

    @Test
    void aMalformedTfdLineIsAnErrorQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EpollTarget.parse("tfd:        x events:       19 data: 3  pos:0 ino:159b2 sdev:f\n"));
        assertTrue(e.getMessage().contains("tfd:        x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EpollTarget.parse("tfd:        3 events:       19\n"));
    }
}
