package sockkill.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The PrintWriter picocli writes to, over a byte stream that bulk output (a listing of a hundred
 * thousand sockets) may use directly, skipping the character encoder. {@link #writeUtf8} works on
 * any PrintWriter: on others (a test's StringWriter) the bytes are decoded and written as text.
 */
final class StdoutWriter extends PrintWriter {
    private final OutputStream raw;

    StdoutWriter(OutputStream raw) {
        super(new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16));
        this.raw = raw;
    }

    /**
     * Writes UTF-8 bytes to {@code out}, in order with what was written to it as text.
     *
     * @throws OutputClosedException when the reader has gone (a pipe into {@code head})
     */
    static void writeUtf8(PrintWriter out, byte[] bytes, int offset, int length) {
        if (out instanceof StdoutWriter s) {
            s.flush();
            try {
                s.raw.write(bytes, offset, length);
            } catch (IOException e) {
                throw new OutputClosedException(e);
            }
        } else {
            out.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    /**
     * Standard output was closed by its reader. Like a C tool killed by SIGPIPE, sockkill then stops
     * without a word, with status 141 (128 + SIGPIPE).
     */
    static final class OutputClosedException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        OutputClosedException(IOException cause) {
            super("standard output was closed", cause);
        }
    }

    @Override
    public void flush() {
        super.flush();
        try {
            raw.flush();
        } catch (IOException e) {
            setError();
        }
    }
}
