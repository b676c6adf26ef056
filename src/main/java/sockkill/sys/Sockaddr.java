package sockkill.sys;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A decoded {@code struct sockaddr_in} or {@code sockaddr_in6} (or just the family of any other):
 * <pre>
 * sockaddr_in:   0 u16 family, 2 be16 port, 4 be32 address
 * sockaddr_in6:  0 u16 family, 2 be16 port, 4 u32 flowinfo, 8 16 bytes address, 24 u32 scope_id
 * </pre>
 * The address is 4 or 16 bytes in network order; port 0 and an all-zero address mean unset.
 */
public record Sockaddr(int family, int port, byte[] address, int scopeId) {
    public static Sockaddr decode(ByteBuffer b) {
        if (b.limit() < 2) {
            throw new IllegalArgumentException("sockaddr of " + b.limit() + " bytes");
        }
        int family = Short.toUnsignedInt(b.getShort(0));
        int port = b.limit() >= 4 ? (Byte.toUnsignedInt(b.get(2)) << 8) | Byte.toUnsignedInt(b.get(3)) : 0;
        if (family == Kernel.AF_INET && b.limit() >= 8) {
            byte[] a = new byte[4];
            b.get(4, a);
            return new Sockaddr(family, port, a, 0);
        }
        if (family == Kernel.AF_INET6 && b.limit() >= 28) {
            byte[] a = new byte[16];
            b.get(8, a);
            return new Sockaddr(family, port, a, b.getInt(24));
        }
        return new Sockaddr(family, 0, new byte[0], 0);
    }

    /** The unset address of an inet family: what getpeername means by "no peer". */
    public static Sockaddr none(int family) {
        return new Sockaddr(family, 0, new byte[family == Kernel.AF_INET6 ? 16 : 4], 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sockaddr s && s.family == family && s.port == port && s.scopeId == scopeId
                && Arrays.equals(s.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + port;
    }

    @Override
    public String toString() {
        return "Sockaddr[family=" + family + ", port=" + port + ", address=" + Arrays.toString(address) + "]";
    }
}
