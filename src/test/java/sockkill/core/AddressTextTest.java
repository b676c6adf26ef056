package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.Test;

class AddressTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "00000000000000000000000000000000, ::",
            "00000000000000000000000000000001, ::1",
            "00010000000000000000000000000000, 1::",
            "20010db8000000000000000000000001, 2001:db8::1",
            "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1",   // a single zero group stays
            "20010000000000010000000000000001, 2001:0:0:1::1",          // the longest run wins
            "20010db8000000000001000000000001, 2001:db8::1:0:0:1",      // the first of two equal runs
            "fe80000000000000020c29fffe4a0b1c, fe80::20c:29ff:fe4a:b1c", // no leading zeros in a group
            "20010DB8ABCDEF000000000000000000, 2001:db8:abcd:ef00::",   // lower case
            "00000000000000000000ffff01020304, ::ffff:1.2.3.4",         // IPv4-mapped
            "00000000000000000000ffff00000000, ::ffff:0.0.0.0",
    })
    void formatsIpv6AsRfc5952(String hex, String text) {
        assertEquals(text, AddressText.format(HexFormat.of().parseHex(hex), true));
    }

    @Test
    void formatsIpv4FromTheFirstFourBytes() {
        assertEquals("192.168.0.255", AddressText.format(new byte[] {(byte) 192, (byte) 168, 0, (byte) 255}, false));
        byte[] widened = new byte[16];
        widened[0] = 10;
        widened[3] = 1;
        widened[15] = 99;
        assertEquals("10.0.0.1", AddressText.format(widened, false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.0.0.1, 0a000001",
            "0.0.0.0, 00000000",
            "255.255.255.255, ffffffff",
            "' 127.0.0.1 ', 7f000001",
            "::, 00000000000000000000000000000000",
            "::1, 00000000000000000000000000000001",
            "[::1], 00000000000000000000000000000001",
            "2001:DB8::1, 20010db8000000000000000000000001",
            "1:2:3:4:5:6:7:8, 00010002000300040005000600070008",
            "1:2:3:4:5:6:7::, 00010002000300040005000600070000",
            "::2:3:4:5:6:7:8, 00000002000300040005000600070008",
            "::ffff:1.2.3.4, 00000000000000000000ffff01020304",
            "1:2:3:4:5:6:10.0.0.1, 0001000200030004000500060a000001",
            "[fe80::1], fe800000000000000000000000000001",
    })
    void parsesNumericAddresses(String text, String hex) {
        assertArrayEquals(HexFormat.of().parseHex(hex), AddressText.parse(text));
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"1.2.3", "1.2.3.256", "1.2.3.4.5", "1..2.3", "1.2.3.-4", "1.2.3.4/8",
            "::1::", ":::", "12345::", "g::1", "-1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
            ":1::", "1:", "::1.2.3", "::1.2.3.4:5", "1.2.3.4::", "1.2.3.4::5",
            "localhost", "example.com", "", "[::1", "fe80::1%eth0"})
    void rejectsAnythingButANumericAddress(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressText.parse(text));

        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "2001:db8::1", "fe80::1:2", "2001:db8:0:1:1:1:1:1", "::ffff:10.1.2.3", "1::"})
    void formatUndoesParseForCanonicalText(String text) {
        assertEquals(text, AddressText.format(AddressText.parse(text), true));
    }
}
