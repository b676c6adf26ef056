package sockkill.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a batch's input, read as bytes with a cap on their length: a target is a few dozen
 * bytes, so a line longer than {@link #MAX_BYTES} is reported as such (its bytes are skipped, never
 * held), and whatever the input, memory stays bounded. Text is UTF-8; invalid bytes become U+FFFD.
 */
final class TargetLines {
    static final int MAX_BYTES = 4096;

    /** Line {@code number} (from 1); {@code text} is null when the line was longer than {@link #MAX_BYTES}. */
    record Line(int number, String text) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private final byte[] line = new byte[MAX_BYTES];
    private int number;

    TargetLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its line feed, or null at the end of the input. */
    Line next() throws IOException {
        int length = 0;
        boolean overflow = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n < 0) {
                    return any ? finish(length, overflow) : null;
                }
                position = 0;
                limit = n;
            }
            any = true;
            int newline = indexOf(buffer, position, limit);
            int end = newline < 0 ? limit : newline;
            int n = end - position;
            if (!overflow && length + n <= MAX_BYTES) {
                System.arraycopy(buffer, position, line, length, n);
                length += n;
            } else {
                overflow = true;
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return finish(length, overflow);
            }
        }
    }

    private Line finish(int length, boolean overflow) {
        number++;
        return new Line(number, overflow ? null : new String(line, 0, length, StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
