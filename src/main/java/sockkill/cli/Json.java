package sockkill.cli;

/** The little JSON sockkill writes: string escaping per RFC 8259. */
final class Json {
    private Json() {
    }

    static void string(Utf8Text out, String s) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s.substring(plainFrom, i));
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    out.append("\\u00");
                    out.append(Character.forDigit(c >> 4, 16));
                    out.append(Character.forDigit(c & 15, 16));
                }
            }
        }
        out.append(plainFrom == 0 ? s : s.substring(plainFrom));
        out.append('"');
    }
}
