package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPrefixTest {
    @Test
    void parsesAnIpv4Prefix() {
        AddressPrefix p = AddressPrefix.parse("10.0.0.0/8");

        assertTrue(p.isIpv4());
        assertArrayEquals(new byte[] {10, 0, 0, 0}, p.address());
        assertEquals(8, p.length());
    }

    @Test
    void aBareAddressIsAFullLengthPrefix() {
        assertEquals(32, AddressPrefix.parse("1.2.3.4").length());
        assertEquals(128, AddressPrefix.parse("::1").length());
    }

    @Test
    void parsesABracketedIpv6Prefix() {
        AddressPrefix p = AddressPrefix.parse("[fe80::1]/64");

        assertFalse(p.isIpv4());
        assertEquals(64, p.length());
        assertEquals("fe80::1/64", p.toString());
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/ 8",
            "10.0.0.0/0x8", "10.0.0.0/0008", "host/8", "/8"})
    void rejectsBadPrefixes(String text) {
        assertThrows(IllegalArgumentException.class, () -> AddressPrefix.parse(text));
    }

    @Test
    void slashZeroMatchesEveryAddressOfItsFamily() {
        AddressPrefix any4 = AddressPrefix.parse("0.0.0.0/0");
        AddressPrefix any6 = AddressPrefix.parse("::/0");

        assertTrue(any4.matches(v4(255, 1, 2, 3), false));
        assertTrue(any6.matches(AddressText.parse("2001:db8::1"), true));
        assertTrue(any4.matches(AddressText.parse("::ffff:8.8.8.8"), true), "mapped addresses count as IPv4");
        assertFalse(any4.matches(AddressText.parse("2001:db8::1"), true));
        assertFalse(any6.matches(v4(8, 8, 8, 8), false), "an IPv6 prefix never matches an IPv4 socket");
    }

    @Test
    void anOddPrefixLengthComparesOnlyItsLeadingBits() {
        AddressPrefix p = AddressPrefix.parse("10.8.0.0/13"); // 10.8.0.0 - 10.15.255.255

        assertTrue(p.matches(v4(10, 8, 0, 0), false));
        assertTrue(p.matches(v4(10, 15, 255, 255), false));
        assertFalse(p.matches(v4(10, 16, 0, 0), false));
        assertFalse(p.matches(v4(10, 7, 255, 255), false));
    }

    @Test
    void bitsBeyondThePrefixLengthAreIgnored() {
        AddressPrefix p = AddressPrefix.parse("10.9.9.9/13");

        assertTrue(p.matches(v4(10, 15, 0, 1), false));
        assertFalse(p.matches(v4(10, 16, 9, 9), false));
    }

    @Test
    void anOddIpv6PrefixLengthComparesOnlyItsLeadingBits() {
        AddressPrefix p = AddressPrefix.parse("2001:db8::/29"); // 2001:0db8 - 2001:0dbf

        assertTrue(p.matches(AddressText.parse("2001:dbf:ffff::1"), true));
        assertFalse(p.matches(AddressText.parse("2001:dc0::1"), true));
    }

    @Test
    void anIpv4PrefixMatchesIpv4MappedAddressesOfIpv6SocketsOnly() {
        AddressPrefix p = AddressPrefix.parse("10.0.0.0/8");

        assertTrue(p.matches(AddressText.parse("::ffff:10.1.2.3"), true));
        assertFalse(p.matches(AddressText.parse("::ffff:11.1.2.3"), true));
        assertFalse(p.matches(AddressText.parse("::10.1.2.3"), true), "IPv4-compatible is not IPv4-mapped");
        assertFalse(p.matches(AddressText.parse("0:0:0:0:1:ffff:a01:203"), true));
        assertFalse(p.matches(AddressText.parse("a00::"), true), "the address is not read from the first bytes");
    }

    @Test
    void anIpv4SocketsAddressIsReadFromTheFirstFourOfSixteenBytes() {
        byte[] raw = Arrays.copyOf(v4(10, 1, 2, 3), 16);

        assertTrue(AddressPrefix.parse("10.1.2.3").matches(raw, false));
    }

    @Test
    void anIpv6PrefixOfTheMappedRangeMatchesMappedAddresses() {
        assertTrue(AddressPrefix.parse("::ffff:0:0/96").matches(AddressText.parse("::ffff:1.2.3.4"), true));
    }

    @Test
    void equalPrefixesAreEqual() {
        assertEquals(AddressPrefix.parse("10.0.0.0/8"), AddressPrefix.parse("10.0.0.0/8"));
        assertEquals(AddressPrefix.parse("10.0.0.0/8").hashCode(), AddressPrefix.parse("10.0.0.0/8").hashCode());
        assertNotEquals(AddressPrefix.parse("10.0.0.0/8"), AddressPrefix.parse("10.0.0.0/9"));
        assertEquals("10.0.0.0/8", AddressPrefix.parse("10.0.0.0/8").toString());
    }

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }
}
