package sockkill.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Inputs for fuzz tests: random bytes, and mutations of valid inputs that keep most of their shape
 * (a flipped bit, a length field set to an edge value, a cut, a repeated chunk), which reach deeper
 * into a parser than noise does. Deterministic for a given {@link Random}: a failure names its seed
 * and case, and comes back the same.
 */
public final class Fuzz {
    /** Values that break length and offset arithmetic. */
    private static final int[] EDGES = {0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 20, 72, 0x7f, 0x80, 0xff, 0x100, 0xfff,
        0x7fff, 0x8000, 0xffff, 0x10000, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff};

    private Fuzz() {
    }

    /** {@code n} random bytes, n from 0 to {@code max}. */
    public static byte[] random(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    /** {@code valid} with one to four random mutations. */
    public static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        int rounds = 1 + r.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            b = mutateOnce(r, b);
        }
        return b;
    }

    private static byte[] mutateOnce(Random r, byte[] b) {
        if (b.length == 0) {
            return random(r, 32);
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(9)) {
            case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[at] = (byte) r.nextInt(256);
            case 2 -> b[at] = (byte) EDGES[r.nextInt(EDGES.length)];
            case 3 -> {
                // a u16 or u32 field (lengths, types) at an aligned offset set to an edge value
                int aligned = at & ~1;
                ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
                int v = EDGES[r.nextInt(EDGES.length)];
                if (r.nextBoolean() && (at & ~3) + 4 <= b.length) {
                    w.putInt(at & ~3, v);
                } else if (aligned + 2 <= b.length) {
                    w.putShort(aligned, (short) v);
                }
            }
            case 4 -> b = Arrays.copyOf(b, at);
            case 5 -> b = Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
            case 6 -> {
                // a chunk repeated in place
                int len = Math.min(b.length - at, 1 + r.nextInt(24));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            case 7 -> {
                // a chunk removed
                int len = Math.min(b.length - at, 1 + r.nextInt(24));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            default -> {
                // a chunk of noise
                int len = Math.min(b.length - at, 1 + r.nextInt(8));
                byte[] noise = new byte[len];
                r.nextBytes(noise);
                System.arraycopy(noise, 0, b, at, len);
            }
        }
        return b;
    }
}
