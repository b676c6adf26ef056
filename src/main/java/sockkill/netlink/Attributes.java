package sockkill.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Strict parsing of a run of rtattrs/nlattrs that fills {@code [offset, offset+length)}. */
public final class Attributes {
    /** NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the type's top bits. */
    private static final int TYPE_MASK = 0x3fff;

    private final List<Attribute> list;

    private Attributes(List<Attribute> list) {
        this.list = list;
    }

    public static Attributes parse(ByteBuffer b, int offset, int length) {
        List<Attribute> out = new ArrayList<>(4);
        walk(b, offset, length, (type, at, len) -> {
            out.add(new Attribute(type, b, at + Attribute.HEADER_SIZE, len - Attribute.HEADER_SIZE));
            return true;
        });
        return new Attributes(out);
    }

    /**
     * The attribute of {@code type} in {@code [offset, offset+length)}, walking the run with the
     * same checks as {@link #parse} but building nothing for the attributes passed over: replies
     * carry several attributes per socket that a listing never reads.
     */
    public static Optional<Attribute> find(ByteBuffer b, int offset, int length, int type) {
        Attribute[] hit = new Attribute[1];
        walk(b, offset, length, (t, at, len) -> {
            if (t != type) {
                return true;
            }
            hit[0] = new Attribute(t, b, at + Attribute.HEADER_SIZE, len - Attribute.HEADER_SIZE);
            return false;
        });
        return Optional.ofNullable(hit[0]);
    }

    /** Sees one attribute header: its type, where it starts, its rta_len; returns false to stop. */
    private interface HeaderVisitor {
        boolean visit(int type, int at, int length);
    }

    private static void walk(ByteBuffer b, int offset, int length, HeaderVisitor visitor) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int left = end - at;
            if (left < Attribute.HEADER_SIZE) {
                throw new MalformedMessageException(at, left + " trailing bytes, too few for an attribute header");
            }
            int len = Short.toUnsignedInt(b.getShort(at));
            if (len < Attribute.HEADER_SIZE) {
                throw new MalformedMessageException(at, "attribute length " + len + " is below its 4-byte header");
            }
            if (len > left) {
                throw new MalformedMessageException(at, "attribute length " + len + " runs past the "
                        + left + " bytes left");
            }
            if (!visitor.visit(Short.toUnsignedInt(b.getShort(at + 2)) & TYPE_MASK, at, len)) {
                return;
            }
            at += Math.min(Align.align(len), left);
        }
    }

    public Optional<Attribute> get(int type) {
        for (Attribute a : list) {
            if (a.type() == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public List<Attribute> all() {
        return List.copyOf(list);
    }
}
