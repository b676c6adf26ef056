package sockkill.cli;

/**
 * The one JSON writer of sockkill: RFC 8259 text appended to a {@link Utf8Text}, with the commas
 * and the nesting kept here so that no caller writes a separator or a quote by hand. Every value
 * that comes from outside (a path, a command name, a message) goes through {@link #value(String)},
 * which escapes it, so the output is valid JSON whatever the data.
 *
 * <p>An array opened with {@link #beginArrayOfLines()} puts each element on a line of its own,
 * the shape of {@code list --json} ({@code []} when empty). A caller may empty the buffer between elements (to stream a
 * large array): the writer's state lives here, not in the text.
 */
final class JsonWriter {
    private static final int MAX_DEPTH = 62;

    private final Utf8Text out;
    /** Bit d: the container at depth d already holds an element, so the next one needs a comma. */
    private long filled;
    /** Bit d: the array at depth d puts each element on its own line. */
    private long lines;
    private int depth;
    /** A name was just written: the next value belongs to it and takes no comma. */
    private boolean named;

    JsonWriter(Utf8Text out) {
        this.out = out;
    }

    Utf8Text text() {
        return out;
    }

    JsonWriter beginObject() {
        open('{', false);
        return this;
    }

    JsonWriter endObject() {
        close('}');
        return this;
    }

    JsonWriter beginArray() {
        open('[', false);
        return this;
    }

    /** An array with each element on a line of its own, and the closing bracket too. */
    JsonWriter beginArrayOfLines() {
        open('[', true);
        return this;
    }

    JsonWriter endArray() {
        close(']');
        return this;
    }

    /** The name of the next member of the object being written. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        named = true;
        return this;
    }

    /** A string value, escaped; null writes {@code null}. */
    JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    JsonWriter value(long v) {
        separate();
        out.decimal(v);
        return this;
    }

    JsonWriter value(boolean v) {
        separate();
        out.append(v ? "true" : "false");
        return this;
    }

    /** A 64-bit value the kernel treats as unsigned (a socket cookie). */
    JsonWriter unsignedValue(long v) {
        separate();
        out.append(Long.toUnsignedString(v));
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    /** Shorthands for one member. */
    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** Ends the document's line; only at depth 0. */
    JsonWriter newline() {
        if (depth != 0) {
            throw new IllegalStateException("a JSON document is still open at depth " + depth);
        }
        out.append('\n');
        return this;
    }

    private void open(char bracket, boolean oneElementPerLine) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested too deep");
        }
        out.append(bracket);
        depth++;
        filled &= ~(1L << depth);
        lines = oneElementPerLine ? lines | 1L << depth : lines & ~(1L << depth);
    }

    private void close(char bracket) {
        if (depth == 0 || named) {
            throw new IllegalStateException("unbalanced JSON: '" + bracket + "'");
        }
        long bit = 1L << depth;
        if ((lines & bit) != 0 && (filled & bit) != 0) {
            out.append('\n');
        }
        out.append(bracket);
        depth--;
    }

    /** The comma (and line break) an element needs before it, unless it is a member's value. */
    private void separate() {
        if (named) {
            named = false;
            return;
        }
        long bit = 1L << depth;
        if (depth > 0) {
            if ((filled & bit) != 0) {
                out.append(',');
            }
            if ((lines & bit) != 0) {
                out.append('\n');
            }
        }
        filled |= bit;
    }

    private void string(String s) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
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
                    // a control character, or half of a surrogate pair (UTF-8 cannot carry it)
                    out.append("\\u");
                    for (int shift = 12; shift >= 0; shift -= 4) {
                        out.append(Character.forDigit(c >> shift & 15, 16));
                    }
                }
            }
        }
        out.append(plainFrom == 0 ? s : s.substring(plainFrom));
        out.append('"');
    }
}
