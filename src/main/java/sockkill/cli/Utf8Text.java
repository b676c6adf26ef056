package sockkill.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 text for bulk output: numbers and strings go in as bytes, with no
 * intermediate String or char array, and it goes out as bytes.
 */
final class Utf8Text {
    private byte[] bytes;
    private int length;

    Utf8Text(int capacity) {
        bytes = new byte[capacity];
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return bytes;
    }

    void clear() {
        length = 0;
    }

    private void room(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    /** Appends {@code s}; returns the number of characters (code points) it adds, for column widths. */
    int append(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return i + appendSlow(s, i);
            }
            bytes[length++] = (byte) c;
        }
        return n;
    }

    private int appendSlow(String s, int from) {
        String rest = s.substring(from);
        byte[] utf8 = rest.getBytes(StandardCharsets.UTF_8);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return rest.codePointCount(0, rest.length());
    }

    void append(char asciiChar) {
        room(1);
        bytes[length++] = (byte) asciiChar;
    }

    void append(byte[] b, int from, int n) {
        room(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
    }

    void trimTrailingSpaces() {
        while (length > 0 && bytes[length - 1] == ' ') {
            length--;
        }
    }

    void spaces(int n) {
        room(n);
        Arrays.fill(bytes, length, length + n, (byte) ' ');
        length += n;
    }

    /** Appends {@code v} in decimal; returns its digit count. */
    int decimal(long v) {
        if (v < 0) {
            append('-');
            return 1 + decimal(-v);
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        room(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return digits;
    }

    /** Appends {@code v} in lower-case hex, unsigned; returns its digit count. */
    int hex(long v) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        room(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) Character.forDigit((int) (v & 15), 16);
            v >>>= 4;
        }
        length += digits;
        return digits;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
