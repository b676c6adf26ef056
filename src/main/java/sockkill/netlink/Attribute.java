package sockkill.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One {@code struct rtattr} (u16 rta_len, u16 rta_type, then the value, padded to 4 bytes), as a
 * view into the buffer it was parsed from.
 */
public record Attribute(int type, ByteBuffer buffer, int valueOffset, int valueLength) {
    public static final int HEADER_SIZE = 4;

    public int u32() {
        requireLength(4);
        return buffer.getInt(valueOffset);
    }

    public int u8() {
        requireLength(1);
        return Byte.toUnsignedInt(buffer.get(valueOffset));
    }

    /** The value as a string, up to the first NUL. */
    public String string() {
        int end = valueOffset;
        int stop = valueOffset + valueLength;
        while (end < stop && buffer.get(end) != 0) {
            end++;
        }
        return ascii(end - valueOffset);
    }

    /** The value's bytes as they are (a UNIX abstract name may hold NULs). */
    public byte[] bytes() {
        byte[] out = new byte[valueLength];
        buffer.get(valueOffset, out);
        return out;
    }

    private String ascii(int length) {
        byte[] out = new byte[length];
        buffer.get(valueOffset, out);
        return new String(out, StandardCharsets.UTF_8);
    }

    public void requireLength(int size) {
        if (valueLength < size) {
            throw new MalformedMessageException(valueOffset - HEADER_SIZE,
                    "attribute " + type + " carries " + valueLength + " bytes, expected " + size);
        }
    }
}
