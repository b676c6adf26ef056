package sockkill.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct pollfd} of a poll or ppoll call, as it lies in the caller's memory (8 bytes,
 * native order):
 * <pre>
 *   0  int    fd        negative: the entry is ignored
 *   4  short  events    POLLIN 0x1, POLLPRI 0x2, POLLOUT 0x4...
 *   6  short  revents   filled in by the kernel on return
 * </pre>
 */
public record PollFd(int fd, int events) {
    public static final int SIZE = 8;

    /** The entries of an array read from memory; an incomplete last entry is an error. */
    public static List<PollFd> decode(byte[] bytes, ByteOrder order) {
        if (bytes.length % SIZE != 0) {
            throw new IllegalArgumentException("a pollfd array of " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        List<PollFd> out = new ArrayList<>(bytes.length / SIZE);
        for (int at = 0; at < bytes.length; at += SIZE) {
            out.add(new PollFd(b.getInt(at), Short.toUnsignedInt(b.getShort(at + 4))));
        }
        return out;
    }

    /** poll(2) ignores an entry with a negative fd. */
    public boolean ignored() {
        return fd < 0;
    }
}
