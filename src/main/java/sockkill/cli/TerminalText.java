package sockkill.cli;

/**
 * Makes text safe for a terminal. A process name or a UNIX socket path is chosen by whoever made
 * it, possibly a hostile local user: raw, an ESC sequence in it could retitle or recolour the
 * terminal, and a newline could forge a table row or an owner. As {@code ls} does for file names
 * (its "escape" quoting style), every character that is not printable comes out as a visible
 * escape, and so does the backslash that starts one, so no two texts look alike.
 *
 * <ul>
 *   <li>{@code \n}, {@code \t}, {@code \r}, {@code \e} (ESC) and {@code \\};</li>
 *   <li>other C0 controls, DEL and C1 controls as {@code \xHH};</li>
 *   <li>other invisible or reordering characters (Unicode format characters such as the bidi
 *       overrides, line and paragraph separators, lone surrogate halves) as <code>&#92;u{HHHH}</code>.</li>
 * </ul>
 * JSON needs none of this: its string escaping already covers control characters.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code s} with every unprintable character escaped; {@code s} itself when there is none. */
    public static String escape(String s) {
        int i = 0;
        while (i < s.length() && plainAt(s, i) > 0) {
            i += plainAt(s, i);
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        while (i < s.length()) {
            int n = plainAt(s, i);
            if (n > 0) {
                b.append(s, i, i + n);
                i += n;
            } else {
                int cp = s.codePointAt(i);
                if (cp < 0xa0) {
                    escapeOne(b, (char) cp);
                } else {
                    hex(b, cp);
                }
                i += Character.charCount(cp);
            }
        }
        return b.toString();
    }

    /** How many chars of {@code s} at {@code i} form one printable character: 0 (none), 1, or 2 (a pair). */
    private static int plainAt(String s, int i) {
        char c = s.charAt(i);
        if (!Character.isHighSurrogate(c)) {
            return isPlain(c) ? 1 : 0;
        }
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
            return 0;
        }
        int type = Character.getType(Character.toCodePoint(c, s.charAt(i + 1)));
        return type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE ? 0 : 2;
    }

    private static boolean isPlain(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return c != '\\';
        }
        if (c < 0xa0) {
            return false;
        }
        int type = Character.getType(c);
        return type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE && type != Character.UNASSIGNED && type != Character.PRIVATE_USE;
    }

    /** An ASCII or C1 character that is not printable as it is. */
    private static void escapeOne(StringBuilder b, char c) {
        switch (c) {
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\t' -> b.append("\\t");
            case '\r' -> b.append("\\r");
            case 0x1b -> b.append("\\e");
            default -> b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
        }
    }

    private static void hex(StringBuilder b, int codePoint) {
        b.append("\\u{").append(Integer.toHexString(codePoint)).append('}');
    }
}
