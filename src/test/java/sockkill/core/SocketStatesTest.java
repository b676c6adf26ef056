package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.core.SocketStates.bit;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import sockkill.sys.Kernel;

class SocketStatesTest {
    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("estab", bit(Kernel.TCP_ESTABLISHED)),
                Arguments.of("established", bit(Kernel.TCP_ESTABLISHED)),
                Arguments.of("ESTAB", bit(Kernel.TCP_ESTABLISHED)),
                Arguments.of("syn-sent", bit(Kernel.TCP_SYN_SENT)),
                Arguments.of("SYN_SENT", bit(Kernel.TCP_SYN_SENT)),
                Arguments.of("syn-recv", bit(Kernel.TCP_SYN_RECV) | bit(Kernel.TCP_NEW_SYN_RECV)),
                Arguments.of("syn-received", bit(Kernel.TCP_SYN_RECV) | bit(Kernel.TCP_NEW_SYN_RECV)),
                Arguments.of("fin-wait-1", bit(Kernel.TCP_FIN_WAIT1)),
                Arguments.of("fin_wait1", bit(Kernel.TCP_FIN_WAIT1)),
                Arguments.of("fin-wait-2", bit(Kernel.TCP_FIN_WAIT2)),
                Arguments.of("fin-wait2", bit(Kernel.TCP_FIN_WAIT2)),
                Arguments.of("time-wait", bit(Kernel.TCP_TIME_WAIT)),
                Arguments.of("TIME_WAIT", bit(Kernel.TCP_TIME_WAIT)),
                Arguments.of("unconn", bit(Kernel.TCP_CLOSE)),
                Arguments.of("close", bit(Kernel.TCP_CLOSE)),
                Arguments.of("closed", bit(Kernel.TCP_CLOSE)),
                Arguments.of("close-wait", bit(Kernel.TCP_CLOSE_WAIT)),
                Arguments.of("last-ack", bit(Kernel.TCP_LAST_ACK)),
                Arguments.of("listen", bit(Kernel.TCP_LISTEN)),
                Arguments.of("listening", bit(Kernel.TCP_LISTEN)),
                Arguments.of(" Listen ", bit(Kernel.TCP_LISTEN)),
                Arguments.of("closing", bit(Kernel.TCP_CLOSING)),
                Arguments.of("bound-inactive", bit(Kernel.TCP_BOUND_INACTIVE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void parsesEachStateName(String name, int mask) {
        assertEquals(mask, SocketStates.parse(name));
    }

    @Test
    void allIsEveryStateFromEstablishedToBoundInactive() {
        assertEquals(0x3ffe, SocketStates.parse("all"));
        assertEquals(SocketStates.ALL, SocketStates.parse("all"));
    }

    @Test
    void connectedIsAllButListeningClosedBoundInactiveAndTheMinisockets() {
        // as ss.c's SS_CONN: TIME-WAIT and SYN-RECV entries are not connections of a process
        assertEquals(SocketStates.ALL & ~bit(Kernel.TCP_LISTEN) & ~bit(Kernel.TCP_CLOSE)
                & ~bit(Kernel.TCP_BOUND_INACTIVE) & ~bit(Kernel.TCP_TIME_WAIT) & ~bit(Kernel.TCP_SYN_RECV)
                & ~bit(Kernel.TCP_NEW_SYN_RECV), SocketStates.parse("connected"));
    }

    @Test
    void synchronizedIsConnectedButSynSent() {
        assertEquals(SocketStates.parse("connected") & ~bit(Kernel.TCP_SYN_SENT), SocketStates.parse("synchronized"));
    }

    @Test
    void bucketIsTheMinisocketStates() {
        assertEquals(bit(Kernel.TCP_SYN_RECV) | bit(Kernel.TCP_NEW_SYN_RECV) | bit(Kernel.TCP_TIME_WAIT),
                SocketStates.parse("bucket"));
    }

    @Test
    void bigIsEverythingButTheBucket() {
        assertEquals(SocketStates.ALL & ~SocketStates.parse("bucket"), SocketStates.parse("big"));
    }

    @Test
    void anUnknownNameIsRejectedWithTheNamesThatWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketStates.parse("estabished"));

        assertTrue(e.getMessage().startsWith("unknown state 'estabished'"), e.getMessage());
        for (String known : new String[] {"established", "syn-sent", "time-wait", "listen", "bound-inactive",
                "all", "connected", "synchronized", "bucket", "big"}) {
            assertTrue(e.getMessage().contains(known), "message names " + known + ": " + e.getMessage());
        }
    }

    @Test
    void namesEachStateAsSsDoes() {
        assertEquals("ESTAB", SocketStates.name(Kernel.TCP_ESTABLISHED));
        assertEquals("UNCONN", SocketStates.name(Kernel.TCP_CLOSE));
        assertEquals("SYN-RECV", SocketStates.name(Kernel.TCP_NEW_SYN_RECV));
        assertEquals("LISTEN", SocketStates.name(Kernel.TCP_LISTEN));
        assertEquals("BOUND-INACTIVE", SocketStates.name(Kernel.TCP_BOUND_INACTIVE));
        assertEquals("UNKNOWN", SocketStates.name(14));
        assertEquals("UNKNOWN", SocketStates.name(-1));
    }

    @Test
    void everyNameParsesBackToItsOwnBit() {
        for (int state = 1; state <= Kernel.TCP_BOUND_INACTIVE; state++) {
            int mask = SocketStates.parse(SocketStates.name(state));
            assertTrue((mask & bit(state)) != 0, SocketStates.name(state));
        }
    }
}
