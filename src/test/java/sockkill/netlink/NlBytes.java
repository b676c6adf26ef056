package sockkill.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import sockkill.sys.Kernel;

/**
 * Builders for netlink bytes as the kernel writes them, for fixtures and scripted replies. Every
 * multi-byte header field is in native order (the fixtures in these tests are written for a
 * little-endian host: x86_64, arm64). Messages come out padded to 4 bytes unless a method says not.
 */
public final class NlBytes {
    private NlBytes() {
    }

    /** Bytes written as unsigned values, so a fixture reads like a hex dump: {@code bytes(0x24, 0x00, ...)}. */
    public static byte[] bytes(int... unsigned) {
        byte[] out = new byte[unsigned.length];
        for (int i = 0; i < unsigned.length; i++) {
            if (unsigned[i] < 0 || unsigned[i] > 0xff) {
                throw new IllegalArgumentException("byte " + i + " is " + unsigned[i]);
            }
            out[i] = (byte) unsigned[i];
        }
        return out;
    }

    /** Bytes from hex digits; spaces are ignored ("0a 00 00 01"). */
    public static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A heap buffer in native order holding {@code bytes}, position 0, limit at the end. */
    public static ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes.clone()).order(ByteOrder.nativeOrder());
    }

    /** The bytes of {@code [position, limit)} of {@code b}, which is left untouched. */
    public static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    public static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    public static byte[] u16(int value) {
        return ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array();
    }

    /** The string's bytes and a terminating NUL, as NLMSGERR_ATTR_MSG carries it. */
    public static byte[] cstring(String s) {
        return concat(s.getBytes(StandardCharsets.UTF_8), new byte[1]);
    }

    /** A 16-byte nlmsghdr. */
    public static byte[] header(int length, int type, int flags, int seq, int portId) {
        ByteBuffer b = ByteBuffer.allocate(NlMsgHdr.SIZE).order(ByteOrder.nativeOrder());
        new NlMsgHdr(length, type, flags, seq, portId).encodeTo(b, 0);
        return b.array();
    }

    /** Header and payload, padded to 4 bytes; nlmsg_len counts the payload but not the padding. */
    public static byte[] message(int type, int flags, int seq, int portId, byte[] payload) {
        return pad(unpadded(type, flags, seq, portId, payload));
    }

    /** As {@link #message} without the trailing padding (what a last message may look like). */
    public static byte[] unpadded(int type, int flags, int seq, int portId, byte[] payload) {
        return concat(header(NlMsgHdr.SIZE + payload.length, type, flags, seq, portId), payload);
    }

    /** One part of a multipart dump reply (NLM_F_MULTI). */
    public static byte[] multi(int type, int seq, int portId, byte[] payload) {
        return message(type, Kernel.NLM_F_MULTI, seq, portId, payload);
    }

    /** NLMSG_DONE ending a dump; {@code error} is 0 or a negative errno. */
    public static byte[] done(int seq, int portId, int error) {
        return message(Kernel.NLMSG_DONE, Kernel.NLM_F_MULTI, seq, portId, u32(error));
    }

    /** NLMSG_DONE with a negative errno and the kernel's extended-ack text (netlink_dump_done). */
    public static byte[] done(int seq, int portId, int error, String text) {
        return message(Kernel.NLMSG_DONE, Kernel.NLM_F_MULTI | Kernel.NLM_F_ACK_TLVS, seq, portId,
                concat(u32(error), attribute(Kernel.NLMSGERR_ATTR_MSG, cstring(text))));
    }

    /** The ack of a request: NLMSG_ERROR with error 0 and the request's header echoed (always capped). */
    public static byte[] ack(int seq, int portId) {
        return error(seq, portId, 0, null);
    }

    /**
     * NLMSG_ERROR with {@code -errno}, the request cut to its header as with NETLINK_CAP_ACK
     * (NLM_F_CAPPED), and, when {@code text} is not null, NLMSGERR_ATTR_MSG (NLM_F_ACK_TLVS).
     */
    public static byte[] error(int seq, int portId, int errno, String text) {
        // the echoed header still states the whole request's length (here a 56-byte inet_diag_req_v2)
        byte[] echoed = header(NlMsgHdr.SIZE + 56, Kernel.SOCK_DIAG_BY_FAMILY,
                Kernel.NLM_F_REQUEST | Kernel.NLM_F_ACK, seq, 0);
        int flags = Kernel.NLM_F_CAPPED;
        byte[] tlvs = new byte[0];
        if (text != null) {
            flags |= Kernel.NLM_F_ACK_TLVS;
            tlvs = attribute(Kernel.NLMSGERR_ATTR_MSG, cstring(text));
        }
        return message(Kernel.NLMSG_ERROR, flags, seq, portId, concat(u32(-errno), echoed, tlvs));
    }

    /**
     * NLMSG_ERROR without NETLINK_CAP_ACK: the whole request {@code request} (header and payload)
     * echoed, then NLMSGERR_ATTR_MSG when {@code text} is not null.
     */
    public static byte[] uncappedError(int portId, int errno, byte[] request, String text) {
        int seq = NlMsgHdr.decode(buffer(request), 0).seq();
        byte[] tlvs = text == null ? new byte[0] : attribute(Kernel.NLMSGERR_ATTR_MSG, cstring(text));
        int flags = text == null ? 0 : Kernel.NLM_F_ACK_TLVS;
        return message(Kernel.NLMSG_ERROR, flags, seq, portId, concat(u32(-errno), pad(request), tlvs));
    }

    /** One rtattr: u16 length (header included, padding not), u16 type, the value, padding to 4. */
    public static byte[] attribute(int type, byte[] value) {
        return pad(concat(u16(Attribute.HEADER_SIZE + value.length), u16(type), value));
    }

    /** Zero bytes up to the next multiple of 4. */
    public static byte[] pad(byte[] b) {
        return concat(b, new byte[Align.align(b.length) - b.length]);
    }

    /** Parses a datagram holding exactly one message and returns it. */
    public static NetlinkMessage onlyMessage(byte[] datagram) {
        Messages messages = Messages.of(buffer(datagram));
        NetlinkMessage m = messages.next();
        if (messages.hasNext()) {
            throw new AssertionError("more than one message in the datagram");
        }
        return m;
    }
}
