package sockkill.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code fd_set} of select or pselect6 as it lies in the caller's memory: an array of
 * {@code unsigned long} words in native order, fd N being bit N % 64 of word N / 64. The kernel
 * reads only the bits below nfds, so only those are decoded.
 */
public final class FdSet {
    private FdSet() {
    }

    /** The bytes of a set that covers {@code nfds} fds: whole 8-byte words. */
    public static int bytesFor(int nfds) {
        return (nfds + 63) / 64 * 8;
    }

    /** The fds below {@code nfds} whose bits are set. */
    public static List<Integer> decode(byte[] bitmap, int nfds, ByteOrder order) {
        if (bitmap.length < bytesFor(nfds)) {
            throw new IllegalArgumentException("an fd_set for " + nfds + " fds needs " + bytesFor(nfds)
                    + " bytes, not " + bitmap.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bitmap).order(order);
        List<Integer> fds = new ArrayList<>();
        for (int word = 0; word * 64 < nfds; word++) {
            long bits = b.getLong(word * 8);
            while (bits != 0) {
                int fd = word * 64 + Long.numberOfTrailingZeros(bits);
                if (fd >= nfds) {
                    break;
                }
                fds.add(fd);
                bits &= bits - 1;
            }
        }
        return fds;
    }
}
