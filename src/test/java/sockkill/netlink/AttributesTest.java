package sockkill.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sockkill.netlink.NlBytes.bytes;
import static sockkill.netlink.NlBytes.concat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class AttributesTest {
    /** Three rtattrs after 8 bytes of something else (a struct), as a reply lays them out. */
    private static final byte[] REGION = bytes(
            0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, // 8 bytes of a fixed struct before the attributes
            // attribute at 8
            0x08, 0x00,             // rta_len  = 8
            0x07, 0x00,             // rta_type = 7
            0xe8, 0x03, 0x00, 0x00, // u32 1000
            // attribute at 16
            0x09, 0x00,             // rta_len  = 9
            0x01, 0x00,             // rta_type = 1
            0x65, 0x74, 0x68, 0x30, 0x00, // "eth0\0"
            0x00, 0x00, 0x00,       // padding to 28
            // attribute at 28
            0x04, 0x00,             // rta_len  = 4, no value
            0x02, 0x80              // rta_type = 2 | NLA_F_NESTED
    );

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void parsesEachAttributeWithItsTypeValueOffsetAndLength() {
        List<Attribute> all = Attributes.parse(NlBytes.buffer(REGION), 8, REGION.length - 8).all();

        assertEquals(3, all.size());
        assertEquals(7, all.get(0).type());
        assertEquals(12, all.get(0).valueOffset());
        assertEquals(4, all.get(0).valueLength());
        assertEquals(1000, all.get(0).u32());

        assertEquals(1, all.get(1).type());
        assertEquals(20, all.get(1).valueOffset());
        assertEquals(5, all.get(1).valueLength());
        assertEquals("eth0", all.get(1).string());

        assertEquals(32, all.get(2).valueOffset());
        assertEquals(0, all.get(2).valueLength());
    }

    @Test
    void masksTheNestedAndByteOrderFlagsOutOfTheType() {
        Attributes a = Attributes.parse(NlBytes.buffer(REGION), 8, REGION.length - 8);

        assertEquals(2, a.all().get(2).type());
        assertTrue(a.get(2).isPresent());
    }

    @Test
    void getFindsTheFirstAttributeOfATypeAndNothingForAnAbsentType() {
        byte[] region = concat(NlBytes.attribute(5, NlBytes.u32(1)), NlBytes.attribute(5, NlBytes.u32(2)));
        Attributes a = Attributes.parse(NlBytes.buffer(region), 0, region.length);

        assertEquals(1, a.get(5).orElseThrow().u32());
        assertTrue(a.get(6).isEmpty());
    }

    @Test
    void anEmptyRegionHasNoAttributes() {
        assertEquals(List.of(), Attributes.parse(ByteBuffer.allocate(8), 8, 0).all());
    }

    @Test
    void acceptsALastAttributeWithoutItsPadding() {
        byte[] region = bytes(0x05, 0x00, 0x03, 0x00, 0x41); // rta_len 5, type 3, "A", no padding

        Attribute a = Attributes.parse(NlBytes.buffer(region), 0, 5).get(3).orElseThrow();

        assertEquals("A", a.string());
    }

    @Test
    void aLengthBelowTheHeaderFailsAtThatAttribute() {
        byte[] region = concat(NlBytes.attribute(1, NlBytes.u32(9)), bytes(0x02, 0x00, 0x01, 0x00));

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Attributes.parse(NlBytes.buffer(region), 0, region.length));

        assertEquals(8, e.offset());
    }

    @Test
    void aLengthBeyondTheRegionFailsEvenWhenTheBufferGoesOn() {
        // the second attribute claims 12 bytes; the region ends after 8 of them, the buffer does not
        byte[] buffer = concat(NlBytes.attribute(1, NlBytes.u32(9)), bytes(0x0c, 0x00, 0x01, 0x00),
                new byte[4], new byte[16]);

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Attributes.parse(NlBytes.buffer(buffer), 0, 16));

        assertEquals(8, e.offset());
    }

    @Test
    void trailingBytesTooFewForAHeaderFailWhereTheyStart() {
        byte[] region = concat(bytes(0, 0, 0, 0), NlBytes.attribute(1, NlBytes.u32(9)), bytes(0x01, 0x02));

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Attributes.parse(NlBytes.buffer(region), 4, region.length - 4));

        assertEquals(12, e.offset());
        assertTrue(e.getMessage().contains("2 trailing bytes"), e.getMessage());
    }

    @Test
    void stringStopsAtTheFirstNul() {
        Attribute a = only(NlBytes.attribute(1, bytes('a', 'b', 'c', 0, 'd', 'e', 'f')));

        assertEquals("abc", a.string());
        assertArrayEquals(bytes('a', 'b', 'c', 0, 'd', 'e', 'f'), a.bytes());
    }

    @Test
    void stringWithoutNulIsTheWholeValue() {
        assertEquals("xyz", only(NlBytes.attribute(1, bytes('x', 'y', 'z'))).string());
    }

    @Test
    void u32OfATooShortValueFailsAtTheAttribute() {
        byte[] region = concat(new byte[4], NlBytes.attribute(1, bytes(1, 2)));
        Attribute a = Attributes.parse(NlBytes.buffer(region), 4, region.length - 4).get(1).orElseThrow();

        MalformedMessageException e = assertThrows(MalformedMessageException.class, a::u32);

        assertEquals(4, e.offset());
        assertEquals(1, a.u8());
    }

    private static Attribute only(byte[] region) {
        List<Attribute> all = Attributes.parse(NlBytes.buffer(region), 0, region.length).all();
        assertEquals(1, all.size());
        return all.get(0);
    }
}
