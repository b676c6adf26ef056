package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sockkill.diag.KernelBytecode;
import sockkill.sys.Kernel;

/**
 * Property: the bytecode {@link SocketFilter#kernelFilter()} hands the kernel selects exactly the
 * sockets {@link SocketFilter#matches} selects, so sock_diag and /proc discovery agree. The kernel
 * side is {@link KernelBytecode}, a transcription of inet_diag_bc_run and inet_diag_bc_audit.
 */
class SocketFilterKernelAgreementTest {
    private static final long SEED = 0x50c4_1c11L;
    private static final int CASES = 20_000;

    private static final String[] V4 = {"10.0.0.1", "10.0.0.2", "10.200.3.4", "192.168.1.10", "127.0.0.1",
            "0.0.0.0", "255.255.255.255"};
    private static final String[] V6 = {"::1", "::", "2001:db8::1", "2001:db8:0:1::5", "2001:db9::1", "fe80::1",
            "::ffff:10.0.0.1", "::ffff:192.168.1.10", "::ffff:127.0.0.1", "::10.0.0.1", "::ffff:0:0"};
    private static final int[] PORTS = {0, 22, 80, 443, 8080, 32768, 65535};

    private final Random random = new Random(SEED);

    @Test
    void theKernelBytecodeSelectsExactlyTheSocketsMatchesSelects() {
        int selected = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            SocketFilter filter = randomFilter();
            SocketEntry socket = randomSocket();
            byte[] bytecode = filter.kernelFilter().bytecode();
            if (bytecode.length > 0) {
                assertNull(KernelBytecode.audit(bytecode), () -> "the kernel refuses the bytecode of " + filter);
            }

            boolean kernel = KernelBytecode.run(bytecode, entry(socket));
            boolean java = filter.matches(socket);

            assertEquals(java, kernel, () -> "case " + socket + " under " + filter);
            if (java) {
                selected++;
            } else {
                rejected++;
            }
        }
        // the property means something only if both outcomes were exercised often
        int total = selected + rejected;
        int min = CASES / 10;
        assertTrue(selected > min && rejected > min,
                "selected " + selected + ", rejected " + rejected + " of " + total);
    }

    private SocketFilter randomFilter() {
        SocketFilter f = SocketFilter.everything().withNetids(EnumSet.of(Netid.TCP));
        if (random.nextInt(3) == 0) {
            f = f.withLocalPort(pick(PORTS));
        }
        if (random.nextInt(3) == 0) {
            f = f.withPeerPort(pick(PORTS));
        }
        if (random.nextInt(2) == 0) {
            f = f.withLocalPrefix(randomPrefix());
        }
        if (random.nextInt(2) == 0) {
            f = f.withPeerPrefix(randomPrefix());
        }
        return f;
    }

    private AddressPrefix randomPrefix() {
        boolean v4 = random.nextBoolean();
        String address = v4 ? pick(V4) : pick(V6);
        byte[] raw = AddressText.parse(address);
        if (random.nextInt(4) == 0) {
            // scramble the bits past a random length: they must not count, on either side
            raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
        }
        int max = raw.length * 8;
        int length = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> max;
            default -> random.nextInt(max + 1);
        };
        return AddressPrefix.parse(AddressText.format(raw, raw.length == 16) + "/" + length);
    }

    private SocketEntry randomSocket() {
        boolean v6 = random.nextBoolean();
        String local = v6 ? pick(V6) : pick(V4);
        String peer = v6 ? pick(V6) : pick(V4);
        return Sockets.inet(Netid.TCP, Kernel.TCP_ESTABLISHED, local, pick(PORTS), peer, pick(PORTS), 1);
    }

    /** What inet_diag_bc_sk gives the bytecode for this socket. */
    private static KernelBytecode.Entry entry(SocketEntry s) {
        return new KernelBytecode.Entry(s.family(), (int) s.localPort(), (int) s.peerPort(), s.localAddressBytes(),
                s.peerAddressBytes());
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
