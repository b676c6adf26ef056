package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static String write(java.util.function.Consumer<JsonWriter> body) {
        JsonWriter w = new JsonWriter(new Utf8Text(16));
        body.accept(w);
        return w.text().toString();
    }

    @Test
    void membersAndElementsAreSeparatedByCommasAndNestedValuesTakeNone() {
        assertEquals("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{}}", write(w -> w.beginObject().field("a", 1)
                .name("b").beginArray().value(true).nullValue().value("x").endArray()
                .name("c").beginObject().endObject().endObject()));
    }

    @Test
    void anArrayOfLinesPutsEachElementOnItsOwnLineAndAnEmptyOneStaysShort() {
        assertEquals("[\n{\"n\":1},\n{\"n\":2}\n]\n", write(w -> w.beginArrayOfLines()
                .beginObject().field("n", 1).endObject().beginObject().field("n", 2).endObject().endArray().newline()));
        assertEquals("{\"s\":[]}", write(w -> w.beginObject().name("s").beginArrayOfLines().endArray().endObject()));
    }

    @Test
    void stringsAreEscapedPerRfc8259() {
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001e\\u001bd\\u007f\"".replace("\\u007f", "\u007f"),
                write(w -> w.value("q\"b\\n\nt\tc\u0001e\u001bd\u007f")));
        assertEquals("\"\u00e9\ud83d\ude00\"", write(w -> w.value("\u00e9\ud83d\ude00")), "pairs pass through");
        assertEquals("\"a\\ud800b\"", write(w -> w.value("a\ud800b")), "a lone surrogate half is escaped");
        assertEquals("null", write(w -> w.value((String) null)));
    }

    @Test
    void cookiesAreUnsigned() {
        assertEquals("18446744073709551615", write(w -> w.unsignedValue(-1L)));
    }

    @Test
    void unbalancedUseIsRefused() {
        assertThrows(IllegalStateException.class, () -> write(w -> w.endObject()));
        assertThrows(IllegalStateException.class, () -> write(w -> w.beginObject().newline()));
        assertThrows(IllegalStateException.class, () -> write(w -> w.beginObject().name("x").endObject()));
    }
}
