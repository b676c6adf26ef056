package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

class FdSetTest {
    /** An fd_set of {@code words} unsigned longs with the given fds set, as glibc's FD_SET lays it out. */
    private static byte[] set(ByteOrder order, int words, int... fds) {
        ByteBuffer b = ByteBuffer.allocate(words * 8).order(order);
        for (int fd : fds) {
            b.putLong(fd / 64 * 8, b.getLong(fd / 64 * 8) | 1L << (fd % 64));
        }
        return b.array();
    }

    @Test
    void theSetBitsBelowNfdsAreTheFds() {
        byte[] bits = set(ByteOrder.LITTLE_ENDIAN, 2, 0, 3, 63, 64, 100);

        assertEquals(List.of(0, 3, 63, 64, 100), FdSet.decode(bits, 101, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void littleEndianBitNIsBitNOfByteNOver8() {
        // fd 3 and fd 9 (s_client's stdin would be 0): byte 0 bit 3, byte 1 bit 1
        byte[] bits = {0x08, 0x02, 0, 0, 0, 0, 0, 0};

        assertEquals(List.of(3, 9), FdSet.decode(bits, 10, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void bitsAtOrAboveNfdsAreNotRead() {
        byte[] bits = set(ByteOrder.LITTLE_ENDIAN, 2, 1, 5, 70);

        assertEquals(List.of(1), FdSet.decode(bits, 5, ByteOrder.LITTLE_ENDIAN));
        assertEquals(List.of(1, 5), FdSet.decode(bits, 70, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void bigEndianWordsToo() {
        byte[] bits = set(ByteOrder.BIG_ENDIAN, 1, 4, 40);

        assertEquals(List.of(4, 40), FdSet.decode(bits, 64, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void aSetCoversWholeWords() {
        assertEquals(0, FdSet.bytesFor(0));
        assertEquals(8, FdSet.bytesFor(1));
        assertEquals(8, FdSet.bytesFor(64));
        assertEquals(16, FdSet.bytesFor(65));
        assertEquals(128, FdSet.bytesFor(1024));
        assertThrows(IllegalArgumentException.class, () -> FdSet.decode(new byte[8], 65, ByteOrder.LITTLE_ENDIAN));
    }
}
