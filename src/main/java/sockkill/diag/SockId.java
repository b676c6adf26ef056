package sockkill.diag;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code struct inet_diag_sockid}, 48 bytes. Ports and addresses are in network order, the rest
 * in native order:
 * <pre>
 *   0  be16 idiag_sport
 *   2  be16 idiag_dport
 *   4  be32 idiag_src[4]   IPv4 in the first word, the rest zero
 *  20  be32 idiag_dst[4]
 *  36  u32  idiag_if       interface index the socket is bound to, 0 if none
 *  40  u32  idiag_cookie[2] low word first
 * </pre>
 * A kill must send back the sockid a dump returned, cookie included: the kernel refuses (ENOENT)
 * when the cookie no longer matches, so a recycled tuple is never hit.
 */
public final class SockId {
    public static final int SIZE = 48;

    static final int SPORT = 0;
    static final int DPORT = 2;
    static final int SRC = 4;
    static final int DST = 20;
    static final int IF = 36;
    static final int COOKIE = 40;
    private static final int ADDRESS_SIZE = 16;

    private final int sourcePort;
    private final int destinationPort;
    private final byte[] source;
    private final byte[] destination;
    private final int interfaceIndex;
    private final long cookie;

    /** Addresses are 16 bytes in network order; an IPv4 address fills the first four. */
    public SockId(int sourcePort, int destinationPort, byte[] source, byte[] destination,
            int interfaceIndex, long cookie) {
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.source = widen(source);
        this.destination = widen(destination);
        this.interfaceIndex = interfaceIndex;
        this.cookie = cookie;
    }

    private static byte[] widen(byte[] address) {
        if (address.length > ADDRESS_SIZE) {
            throw new IllegalArgumentException("address of " + address.length + " bytes");
        }
        return Arrays.copyOf(address, ADDRESS_SIZE);
    }

    public void encodeTo(ByteBuffer b, int at) {
        putBigEndianPort(b, at + SPORT, sourcePort);
        putBigEndianPort(b, at + DPORT, destinationPort);
        b.put(at + SRC, source);
        b.put(at + DST, destination);
        b.putInt(at + IF, interfaceIndex);
        b.putInt(at + COOKIE, (int) cookie);
        b.putInt(at + COOKIE + 4, (int) (cookie >>> 32));
    }

    public static SockId decode(ByteBuffer b, int at) {
        byte[] src = new byte[ADDRESS_SIZE];
        byte[] dst = new byte[ADDRESS_SIZE];
        b.get(at + SRC, src);
        b.get(at + DST, dst);
        long cookie = Integer.toUnsignedLong(b.getInt(at + COOKIE))
                | Integer.toUnsignedLong(b.getInt(at + COOKIE + 4)) << 32;
        return new SockId(bigEndianPort(b, at + SPORT), bigEndianPort(b, at + DPORT), src, dst,
                b.getInt(at + IF), cookie);
    }

    /** Ports travel big-endian whatever the buffer's order: read them byte by byte. */
    static int bigEndianPort(ByteBuffer b, int at) {
        return (Byte.toUnsignedInt(b.get(at)) << 8) | Byte.toUnsignedInt(b.get(at + 1));
    }

    static void putBigEndianPort(ByteBuffer b, int at, int port) {
        b.put(at, (byte) (port >>> 8));
        b.put(at + 1, (byte) port);
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    /** The 16 address bytes; for IPv4 only the first four count. */
    public byte[] source() {
        return source.clone();
    }

    public byte[] destination() {
        return destination.clone();
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    public long cookie() {
        return cookie;
    }

    /** The tuple seen from the other end: source and destination exchanged. */
    public SockId swapped() {
        return new SockId(destinationPort, sourcePort, destination, source, interfaceIndex, cookie);
    }

    /** The same tuple with another cookie (e.g. the no-cookie wildcard, for a query by tuple). */
    public SockId withCookie(long newCookie) {
        return new SockId(sourcePort, destinationPort, source, destination, interfaceIndex, newCookie);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockId s && s.sourcePort == sourcePort && s.destinationPort == destinationPort
                && Arrays.equals(s.source, source) && Arrays.equals(s.destination, destination)
                && s.interfaceIndex == interfaceIndex && s.cookie == cookie;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cookie) * 31 + sourcePort * 17 + destinationPort;
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "SockId[sport=" + sourcePort + ", dport=" + destinationPort + ", src=" + hex.formatHex(source)
                + ", dst=" + hex.formatHex(destination) + ", if=" + interfaceIndex
                + ", cookie=" + Long.toUnsignedString(cookie, 16) + "]";
    }
}
