package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Batch input read as capped lines: bounded memory whatever the input, every line numbered. */
class TargetLinesTest {
    private static List<TargetLines.Line> all(InputStream in) throws IOException {
        TargetLines lines = new TargetLines(in);
        List<TargetLines.Line> out = new ArrayList<>();
        for (TargetLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l);
        }
        return out;
    }

    private static List<TargetLines.Line> all(String text) throws IOException {
        return all(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void linesComeWithTheirNumbersAndALastLineWithoutLineFeedCounts() throws IOException {
        assertEquals(List.of(new TargetLines.Line(1, "inode 5"), new TargetLines.Line(2, ""),
                new TargetLines.Line(3, "pid 1 fd 2")), all("inode 5\n\npid 1 fd 2"));
        assertEquals(List.of(), all(""));
        assertEquals(List.of(new TargetLines.Line(1, "")), all("\n"));
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptAndOneByteMoreIsTooLong() throws IOException {
        String max = "x".repeat(TargetLines.MAX_BYTES);
        List<TargetLines.Line> lines = all(max + "\n" + max + "y\n" + "inode 7\n");
        assertEquals(max, lines.get(0).text());
        assertTrue(lines.get(1).tooLong());
        assertNull(lines.get(1).text());
        assertEquals(new TargetLines.Line(3, "inode 7"), lines.get(2));
    }

    /** 50 MB in one line without ever holding it: the stream is generated, never stored. */
    @Test
    void aFiftyMegabyteLineIsSkippedWithoutBeingHeld() throws IOException {
        long size = 50L << 20;
        InputStream huge = new InputStream() {
            private long left = size;
            private final byte[] tail = "\ninode 9\n".getBytes(StandardCharsets.US_ASCII);
            private int tailAt;

            @Override
            public int read() {
                if (left > 0) {
                    left--;
                    return '1';
                }
                return tailAt < tail.length ? tail[tailAt++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    int r = read();
                    if (r < 0) {
                        return -1;
                    }
                    b[off] = (byte) r;
                    return 1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) '1');
                left -= n;
                return n;
            }
        };
        List<TargetLines.Line> lines = all(huge);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).tooLong());
        assertEquals(new TargetLines.Line(2, "inode 9"), lines.get(1));
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersAndCarriageReturnsStay() throws IOException {
        byte[] bytes = {'i', (byte) 0xff, 'x', '\r', '\n'};
        assertEquals("i\ufffdx\r", all(new ByteArrayInputStream(bytes)).get(0).text());
    }
}
