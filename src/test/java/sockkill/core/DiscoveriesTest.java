package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jnr.constants.platform.Errno;
import sockkill.diag.SockDiag;
import sockkill.sys.NativeException;
import sockkill.sys.NetworkNamespace;

/** Which discovery a namespace gets: sock_diag when a netlink socket opens, /proc when it cannot. */
class DiscoveriesTest {
    private final List<DiscoveryNote> notes = new ArrayList<>();

    /** sock_diag as a sandbox without netlink would have it: the socket cannot be made. */
    private static SockDiag unavailable() {
        return new SockDiag(() -> {
            throw new NativeException("socket", Errno.EAFNOSUPPORT.intValue());
        });
    }

    @Test
    void autoFallsBackToProcWithANoteWhenNetlinkCannotBeOpened() throws IOException {
        SocketDiscovery d = Discoveries.open(DiscoveryMode.AUTO, NetworkNamespace.current(), unavailable(), notes::add);

        assertInstanceOf(ProcDiscovery.class, d);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).text().contains("cannot open a NETLINK_SOCK_DIAG socket"), notes.get(0).text());
        assertTrue(notes.get(0).text().contains("EAFNOSUPPORT"), notes.get(0).text());
    }

    @Test
    void netlinkModeReportsTheFailureInsteadOfFallingBack() {
        NativeException e = assertThrows(NativeException.class,
                () -> Discoveries.open(DiscoveryMode.NETLINK, NetworkNamespace.current(), unavailable(), notes::add));

        assertTrue(e.is(Errno.EAFNOSUPPORT));
        assertEquals(List.of(), notes);
    }

    @Test
    void procModeNeverTouchesNetlink() throws IOException {
        SocketDiscovery d = Discoveries.open(DiscoveryMode.PROC, NetworkNamespace.current(), unavailable(), notes::add);

        assertInstanceOf(ProcDiscovery.class, d);
        assertEquals(List.of(), notes);
        assertEquals("/proc", d.name());
    }
}
