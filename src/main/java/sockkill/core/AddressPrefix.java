package sockkill.core;

import java.util.Arrays;

/** An address with a prefix length, as typed after --src/--dst: "10.0.0.0/8", "::1", "[fe80::1]/64". */
public final class AddressPrefix {
    private final byte[] address;
    private final int length;

    private AddressPrefix(byte[] address, int length) {
        this.address = address;
        this.length = length;
    }

    /** @throws IllegalArgumentException for anything that is not a numeric address with an optional /length */
    public static AddressPrefix parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = AddressText.parse(slash < 0 ? text : text.substring(0, slash));
        int max = address.length * 8;
        int length = max;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!Digits.isDecimal(bits) || bits.length() > 3
                    || Integer.parseInt(bits) > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
            }
            length = Integer.parseInt(bits);
        }
        return new AddressPrefix(address, length);
    }

    /** 4 or 16 bytes, network order. */
    public byte[] address() {
        return address.clone();
    }

    public int length() {
        return length;
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    /**
     * Whether a socket address (16 bytes; the first 4 for an IPv4 socket) lies in this prefix. As in
     * the kernel's filter, an IPv4 prefix also matches an IPv4-mapped address of an IPv6 socket.
     */
    public boolean matches(byte[] raw16, boolean ipv6Socket) {
        if (isIpv4()) {
            if (!ipv6Socket) {
                return leadingBitsEqual(raw16, 0, length);
            }
            for (int i = 0; i < 10; i++) {
                if (raw16[i] != 0) {
                    return false;
                }
            }
            return (raw16[10] & 0xff) == 0xff && (raw16[11] & 0xff) == 0xff && leadingBitsEqual(raw16, 12, length);
        }
        return ipv6Socket && leadingBitsEqual(raw16, 0, length);
    }

    private boolean leadingBitsEqual(byte[] raw, int from, int bits) {
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (raw[from + i] != address[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (raw[from + whole] & mask) == (address[whole] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPrefix p && p.length == length && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + length;
    }

    @Override
    public String toString() {
        return AddressText.format(address, !isIpv4()) + "/" + length;
    }
}
