package sockkill.netlink;

import java.nio.ByteBuffer;
import java.util.NoSuchElementException;

/**
 * A strict iterator over the netlink messages of one datagram, {@code [0, limit)} of a buffer.
 * It rejects a header that does not fit, a length below the header size or beyond the datagram,
 * and bytes left over after the last message: never a null, never a loop.
 */
public final class Messages {
    private final ByteBuffer buffer;
    private final int limit;
    private int next;

    private Messages(ByteBuffer buffer) {
        this.buffer = buffer;
        this.limit = buffer.limit();
        this.next = 0;
    }

    public static Messages of(ByteBuffer datagram) {
        return new Messages(datagram);
    }

    public boolean hasNext() {
        return next < limit;
    }

    public NetlinkMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int at = next;
        int left = limit - at;
        if (left < NlMsgHdr.SIZE) {
            throw new MalformedMessageException(at, left + " trailing bytes, too few for a message header");
        }
        NlMsgHdr header = NlMsgHdr.decode(buffer, at);
        int length = header.length();
        if (length < NlMsgHdr.SIZE) {
            throw new MalformedMessageException(at, "nlmsg_len " + Integer.toUnsignedString(length)
                    + " is shorter than the 16-byte header");
        }
        if (length > left) {
            throw new MalformedMessageException(at, "nlmsg_len " + length + " runs past the end of the "
                    + limit + "-byte datagram");
        }
        int aligned = Align.align(length);
        // The kernel pads every message; tolerate only a last message whose padding was not sent.
        next = aligned <= left ? at + aligned : limit;
        return new NetlinkMessage(header, buffer, at + NlMsgHdr.SIZE);
    }
}
