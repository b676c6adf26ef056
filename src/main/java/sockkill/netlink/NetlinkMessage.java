package sockkill.netlink;

import java.nio.ByteBuffer;

/**
 * One netlink message inside a received datagram: its header and where its payload lies in
 * {@code buffer}. The buffer belongs to the transport and is reused by the next receive, so a
 * message must be decoded before the handler returns.
 */
public record NetlinkMessage(NlMsgHdr header, ByteBuffer buffer, int payloadOffset) {
    public int type() {
        return header.type();
    }

    public int payloadLength() {
        return header.length() - NlMsgHdr.SIZE;
    }

    /** Throws unless the payload holds at least {@code size} bytes (a fixed struct). */
    public void requirePayload(int size, String what) {
        if (payloadLength() < size) {
            throw new MalformedMessageException(payloadOffset - NlMsgHdr.SIZE,
                    what + " needs " + size + " bytes, message carries " + payloadLength());
        }
    }
}
