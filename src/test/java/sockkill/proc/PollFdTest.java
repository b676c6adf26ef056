package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

class PollFdTest {
    @Test
    void decodesEachEightByteEntryLittleEndian() {
        byte[] array = {
            0, 0, 0, 0, /* fd 0 */ 0x01, 0x00, /* POLLIN */ 0x00, 0x00, /* revents */
            3, 0, 0, 0, /* fd 3 */ 0x05, 0x00, /* POLLIN|POLLOUT */ 0x19, 0x00, /* revents, not read */
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, /* fd -1: ignored by poll */ 0x01, 0x00, 0, 0,
        };

        List<PollFd> fds = PollFd.decode(array, ByteOrder.LITTLE_ENDIAN);

        assertEquals(List.of(new PollFd(0, 1), new PollFd(3, 5), new PollFd(-1, 1)), fds);
        assertFalse(fds.get(1).ignored());
        assertTrue(fds.get(2).ignored());
    }

    @Test
    void bigEndianToo() {
        byte[] array = {0, 0, 0x01, 0x02, /* fd 258 */ 0x00, 0x04, /* POLLOUT */ 0, 0};

        assertEquals(List.of(new PollFd(258, 4)), PollFd.decode(array, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void eventsAreUnsigned() {
        byte[] array = {7, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};

        assertEquals(0xffff, PollFd.decode(array, ByteOrder.LITTLE_ENDIAN).get(0).events());
    }

    @Test
    void anEmptyArrayHasNoEntriesAndAPartialEntryIsAnError() {
        assertEquals(List.of(), PollFd.decode(new byte[0], ByteOrder.LITTLE_ENDIAN));
        assertThrows(IllegalArgumentException.class, () -> PollFd.decode(new byte[12], ByteOrder.LITTLE_ENDIAN));
    }
}
