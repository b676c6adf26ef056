package sockkill.core;

/**
 * IP addresses as text, the way ss -n and RFC 5952 write them: dotted IPv4, IPv6 with the longest
 * run of zero groups compressed to "::", IPv4-mapped IPv6 as "::ffff:a.b.c.d". Never a DNS lookup.
 */
public final class AddressText {
    private AddressText() {
    }

    /** The last few addresses formatted on this thread: a listing repeats the same few addresses. */
    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    private static final class Recent {
        final byte[][] raw = new byte[4][16];
        final boolean[] ipv6 = new boolean[4];
        final String[] text = new String[4];
        int next;
    }

    /**
     * The address that lies at {@code at} in {@code b} (4 or 16 bytes, network order), without
     * copying it out when it is one of the last few formatted.
     */
    public static String format(java.nio.ByteBuffer b, int at, boolean ipv6) {
        Recent recent = RECENT.get();
        int length = ipv6 ? 16 : 4;
        for (int i = 0; i < recent.text.length; i++) {
            if (recent.text[i] != null && recent.ipv6[i] == ipv6 && sameBytes(recent.raw[i], b, at, length)) {
                return recent.text[i];
            }
        }
        byte[] raw = new byte[16];
        b.get(at, raw, 0, length);
        return format(raw, ipv6);
    }

    private static boolean sameBytes(byte[] raw, java.nio.ByteBuffer b, int at, int length) {
        for (int i = 0; i < length; i++) {
            if (raw[i] != b.get(at + i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code raw} holds the address in network order: 4 bytes, or 16 (of which 4 count for IPv4). */
    public static String format(byte[] raw, boolean ipv6) {
        Recent recent = RECENT.get();
        int length = ipv6 ? 16 : 4;
        for (int i = 0; i < recent.text.length; i++) {
            if (recent.text[i] != null && recent.ipv6[i] == ipv6
                    && java.util.Arrays.equals(recent.raw[i], 0, length, raw, 0, length)) {
                return recent.text[i];
            }
        }
        String text = ipv6 ? ipv6(raw) : ipv4(raw, 0);
        int slot = recent.next;
        recent.next = (slot + 1) % recent.text.length;
        System.arraycopy(raw, 0, recent.raw[slot], 0, length);
        recent.ipv6[slot] = ipv6;
        recent.text[slot] = text;
        return text;
    }

    private static String ipv4(byte[] raw, int at) {
        return (raw[at] & 0xff) + "." + (raw[at + 1] & 0xff) + "." + (raw[at + 2] & 0xff) + "." + (raw[at + 3] & 0xff);
    }

    private static String ipv6(byte[] raw) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (raw[2 * i] & 0xff) << 8 | (raw[2 * i + 1] & 0xff);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff) {
            return "::ffff:" + ipv4(raw, 12);
        }
        // the longest run of two or more zero groups, the first one on a tie
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /**
     * Parses a numeric IPv4 or IPv6 address (an IPv6 one may be in brackets). Returns its 4 or 16
     * bytes in network order.
     *
     * @throws IllegalArgumentException for anything else: a host name is never resolved
     */
    public static byte[] parse(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        byte[] v4 = parseIpv4(s);
        if (v4 != null) {
            return v4;
        }
        byte[] v6 = parseIpv6(s);
        if (v6 != null) {
            return v6;
        }
        throw new IllegalArgumentException("'" + text + "' is not a numeric IPv4 or IPv6 address");
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!Digits.isDecimal(parts[i]) || parts[i].length() > 3) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String s) {
        if (s.indexOf(':') < 0) {
            return null;
        }
        byte[] out = new byte[16];
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] headGroups = gap >= 0 && head.contains(".") ? null : groups(head); // a dotted quad only ends an address
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        for (int i = 0; i < headGroups.length; i++) {
            putGroup(out, i, headGroups[i]);
        }
        for (int i = 0; i < tailGroups.length; i++) {
            putGroup(out, 8 - tailGroups.length + i, tailGroups[i]);
        }
        return out;
    }

    /** Hex groups separated by ':', the last of which may be a dotted IPv4 (two groups). */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int last = parts.length - 1;
        byte[] v4 = parts[last].contains(".") ? parseIpv4(parts[last]) : null;
        if (parts[last].contains(".") && v4 == null) {
            return null;
        }
        int[] out = new int[parts.length + (v4 != null ? 1 : 0)];
        for (int i = 0; i < parts.length - (v4 != null ? 1 : 0); i++) {
            String p = parts[i];
            if (!Digits.isHex(p) || p.length() > 4) {
                return null;
            }
            out[i] = Integer.parseInt(p, 16);
        }
        if (v4 != null) {
            out[out.length - 2] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
            out[out.length - 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        }
        return out;
    }

    private static void putGroup(byte[] out, int index, int group) {
        out[2 * index] = (byte) (group >>> 8);
        out[2 * index + 1] = (byte) group;
    }
}
