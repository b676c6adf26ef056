package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import sockkill.diag.SockId;
import sockkill.sys.Kernel;

/** The kernel's raw_v4_match rule, as the guard applies it: a sibling's unset fields match anything. */
class RawDestroyGuardTest {
    private static SocketEntry raw(int protocol, String local, String peer, int device, long inode) {
        SockId id = new SockId(protocol, 0, AddressText.parse(local), AddressText.parse(peer), device, inode);
        return SocketEntry.inet(Netid.RAW, Kernel.AF_INET, Kernel.TCP_CLOSE, id, 0, 0, inode, 0,
                SocketEntry.Source.SOCK_DIAG);
    }

    private static final SocketEntry TARGET = raw(1, "10.0.0.1", "10.0.0.2", 3, 10);

    @Test
    void unsetFieldsOfASiblingMatchAnyRequest() {
        assertTrue(RawDestroyGuard.wouldMatch(raw(1, "0.0.0.0", "0.0.0.0", 0, 11), TARGET));
        assertTrue(RawDestroyGuard.wouldMatch(raw(1, "10.0.0.1", "0.0.0.0", 0, 11), TARGET));
        assertTrue(RawDestroyGuard.wouldMatch(raw(1, "0.0.0.0", "10.0.0.2", 3, 11), TARGET));
    }

    @Test
    void aFieldSetToSomethingElseDoesNotMatch() {
        assertFalse(RawDestroyGuard.wouldMatch(raw(1, "10.0.0.9", "0.0.0.0", 0, 11), TARGET));
        assertFalse(RawDestroyGuard.wouldMatch(raw(1, "0.0.0.0", "10.0.0.9", 0, 11), TARGET));
        assertFalse(RawDestroyGuard.wouldMatch(raw(1, "0.0.0.0", "0.0.0.0", 4, 11), TARGET));
    }

    @Test
    void anUnboundTargetIsReachedByEveryUnboundSibling() {
        SocketEntry unbound = raw(1, "0.0.0.0", "0.0.0.0", 0, 10);

        assertTrue(RawDestroyGuard.wouldMatch(raw(1, "0.0.0.0", "0.0.0.0", 0, 11), unbound));
        assertFalse(RawDestroyGuard.wouldMatch(raw(1, "10.0.0.1", "0.0.0.0", 0, 11), unbound),
                "a bound sibling needs the request's address to equal its own");
    }

    @Test
    void siblingsOfAnotherProtocolDoNotCount() {
        List<SocketEntry> table = List.of(TARGET, raw(17, "0.0.0.0", "0.0.0.0", 0, 11));

        assertTrue(RawDestroyGuard.refusal(TARGET, Optional.of(TARGET), table).isEmpty());
    }

    @Test
    void theKernelsPickMustBeTheTargetItself() {
        assertTrue(RawDestroyGuard.refusal(TARGET, Optional.empty(), List.of(TARGET)).isPresent());
        assertTrue(RawDestroyGuard.refusal(TARGET, Optional.of(raw(1, "10.0.0.1", "10.0.0.2", 3, 12)),
                List.of(TARGET)).isPresent());
    }
}
