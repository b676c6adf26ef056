package sockkill.diag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sockkill.sys.Kernel;

/**
 * A conjunction of port and address conditions, compiled to the inet_diag filter bytecode that the
 * kernel runs on every socket of a dump, so that only matching sockets cross into user space.
 *
 * <p>Each op is {@code struct inet_diag_bc_op {u8 code; u8 yes; u16 no;}}: the program steps
 * {@code yes} bytes on a match, {@code no} bytes otherwise, and accepts the socket if it steps
 * exactly off the end. A failed condition here jumps 4 bytes past the end: reject.
 */
public final class InetDiagFilter {
    /** Which end of the socket a condition looks at. */
    public enum Side {
        /** The socket's own address and port ("src"/"sport" in ss). */
        LOCAL,
        /** The peer's ("dst"/"dport"). */
        PEER
    }

    /** One condition of the conjunction. */
    public sealed interface Condition permits Port, Prefix {
    }

    /** The side's port equals {@code port}. */
    public record Port(Side side, int port) implements Condition {
        public Port {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port " + port + " outside 0..65535");
            }
        }
    }

    /**
     * The side's address lies in {@code address/prefixLength}. An IPv4 prefix also matches
     * IPv4-mapped addresses of IPv6 sockets (the kernel's rule).
     */
    public record Prefix(Side side, byte[] address, int prefixLength) implements Condition {
        public Prefix {
            if (address.length != 4 && address.length != 16) {
                throw new IllegalArgumentException("address of " + address.length + " bytes");
            }
            if (prefixLength < 0 || prefixLength > address.length * 8) {
                throw new IllegalArgumentException("prefix /" + prefixLength + " too long for the address");
            }
            address = address.clone();
        }

        public int family() {
            return address.length == 4 ? Kernel.AF_INET : Kernel.AF_INET6;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && p.side == side && p.prefixLength == prefixLength
                    && Arrays.equals(p.address, address);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + prefixLength;
        }

        @Override
        public String toString() {
            return "Prefix[" + side + " " + Arrays.toString(address) + "/" + prefixLength + "]";
        }
    }

    private static final int OP_SIZE = 4;
    private static final int HOSTCOND_SIZE = 8;
    private static final InetDiagFilter NONE = new InetDiagFilter(List.of());

    private final List<Condition> conditions;

    private InetDiagFilter(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    public static InetDiagFilter none() {
        return NONE;
    }

    public static InetDiagFilter allOf(List<? extends Condition> conditions) {
        return conditions.isEmpty() ? NONE : new InetDiagFilter(new ArrayList<>(conditions));
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    public List<Condition> conditions() {
        return conditions;
    }

    /** The bytecode, empty when there is no condition. */
    public byte[] bytecode() {
        int total = 0;
        for (Condition c : conditions) {
            total += size(c);
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        for (Condition c : conditions) {
            int at = b.position();
            int reject = total - at + OP_SIZE;
            if (c instanceof Port p) {
                // {S_EQ|D_EQ, yes=8, no=reject}, then an op whose 'no' field holds the port (host order)
                op(b, p.side() == Side.LOCAL ? Kernel.INET_DIAG_BC_S_EQ : Kernel.INET_DIAG_BC_D_EQ, 2 * OP_SIZE, reject);
                op(b, Kernel.INET_DIAG_BC_NOP, 0, p.port());
            } else if (c instanceof Prefix p) {
                // {S_COND|D_COND, yes, no=reject}, struct inet_diag_hostcond {u8 family; u8 prefix_len;
                // int port (-1: any)}, then the address in network order
                op(b, p.side() == Side.LOCAL ? Kernel.INET_DIAG_BC_S_COND : Kernel.INET_DIAG_BC_D_COND, size(c), reject);
                b.put((byte) p.family()).put((byte) p.prefixLength()).putShort((short) 0).putInt(-1);
                b.put(p.address());
            }
        }
        return b.array();
    }

    private static int size(Condition c) {
        if (c instanceof Prefix p) {
            return OP_SIZE + HOSTCOND_SIZE + p.address().length;
        }
        return 2 * OP_SIZE;
    }

    private static void op(ByteBuffer b, int code, int yes, int no) {
        if (yes > 0xff || no > 0xffff) {
            throw new IllegalArgumentException("filter too long");
        }
        b.put((byte) code).put((byte) yes).putShort((short) no);
    }
}
