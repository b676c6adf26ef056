package sockkill.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import sockkill.sys.Native;

/**
 * The PrintWriter picocli writes to, over a byte stream that bulk output (a listing of a hundred
 * thousand sockets) may use directly, skipping the character encoder. {@link #writeUtf8} works on
 * any PrintWriter: on others (a test's StringWriter) the bytes are decoded and written as text.
 *
 * <p>A PrintWriter swallows write errors; this one keeps the first, whichever layer met it (picocli's
 * help, a kill line, a listing), so that {@link #finish} can say what happened, like coreutils'
 * "write error": a reader that went away (EPIPE) ends sockkill quietly with 141, as SIGPIPE would a C
 * tool; any other failure (a full disk, /dev/full) is one line on stderr and exit 74.
 */
final class StdoutWriter extends PrintWriter {
    private final Recording raw;

    StdoutWriter(OutputStream raw) {
        this(new Recording(raw));
    }

    private StdoutWriter(Recording raw) {
        super(new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16));
        this.raw = raw;
    }

    /**
     * Writes UTF-8 bytes to {@code out}, in order with what was written to it as text.
     *
     * @throws OutputFailedException when standard output cannot be written (its reader has gone, a
     *     full disk): there is no point in producing more of it
     */
    static void writeUtf8(PrintWriter out, byte[] bytes, int offset, int length) {
        if (out instanceof StdoutWriter s) {
            s.flush();
            s.requireHealthy();
            try {
                s.raw.write(bytes, offset, length);
            } catch (IOException e) {
                throw new OutputFailedException(e);
            }
        } else {
            out.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    /**
     * Flushes {@code out} and stops the command if standard output has failed, before a use case
     * goes on to work whose report nobody could read (the next target of a batch).
     */
    static void flushOrFail(PrintWriter out) {
        out.flush();
        if (out instanceof StdoutWriter s) {
            s.requireHealthy();
        }
    }

    private void requireHealthy() {
        if (raw.failure != null) {
            throw new OutputFailedException(raw.failure);
        }
    }

    /**
     * Standard output could not be written. The command stops; {@link #finish} decides what the
     * user is told.
     */
    static final class OutputFailedException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        OutputFailedException(IOException cause) {
            super("standard output failed: " + cause.getMessage(), cause);
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

    /**
     * Flushes what is left and turns a write failure into the exit status: {@code status} when all
     * was written, 141 without a word when the reader went away, otherwise 74 with one line on
     * {@code err} ("sockkill: write error: No space left on device").
     */
    int finish(int status, PrintWriter err) {
        flush();
        IOException failure = raw.failure;
        if (failure == null) {
            return status;
        }
        if (readerGone(failure)) {
            return ExitCodes.OUTPUT_CLOSED;
        }
        err.println(TerminalText.escape("sockkill: write error: " + failure.getMessage()));
        err.flush();
        return ExitCodes.OUTPUT_ERROR;
    }

    /**
     * True when the failed write was EPIPE: fd 1 is a pipe (or socket) whose reading end is closed,
     * which poll(2) reports as POLLERR or POLLHUP. The JDK's exception carries only strerror's text,
     * so its message is the fallback when the native binding cannot be used.
     */
    private static boolean readerGone(IOException failure) {
        try {
            return Native.pollErrorOrHangup(1);
        } catch (IOException | LinkageError | RuntimeException e) {
            return "Broken pipe".equals(failure.getMessage());
        }
    }

    /** The byte stream under the writer, keeping the first exception any write or flush met. */
    private static final class Recording extends OutputStream {
        private final OutputStream out;
        private IOException failure;

        Recording(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
