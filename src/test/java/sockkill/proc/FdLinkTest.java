package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FdLinkTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "socket:[12345], 12345",
            "socket:[0], 0",
            "socket:[4294967296], 4294967296",                 // beyond 32 bits
            "socket:[1000000000000000000], 1000000000000000000",
    })
    void readsTheInodeOfASocketLink(String link, long inode) {
        assertEquals(inode, FdLink.socketInode(link));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"socket:[]", "socket:[12a]", "socket:[-1]", "socket:[ 1]", "socket:[1", "socket:1]",
            "Socket:[1]", "pipe:[5]", "anon_inode:[eventfd]", "/dev/null", "", "socket:[",
            "socket:[99999999999999999999]", "socket:[18446744073709551615]"})
    void anythingElseIsNotASocket(String link) {
        assertEquals(-1, FdLink.socketInode(link));
    }

    @Test
    void aSocketLinkKnowsItsInode() {
        FdLink link = new FdLink(42, 3, "socket:[12345]");

        assertTrue(link.isSocket());
        assertEquals(12345, link.inode());
    }

    @Test
    void theInodeOfAnotherLinkIsAnError() {
        FdLink link = new FdLink(42, 4, "/dev/null");

        assertFalse(link.isSocket());
        IllegalStateException e = assertThrows(IllegalStateException.class, link::inode);
        assertEquals("fd 4 of pid 42 is not a socket: /dev/null", e.getMessage());
    }
}
