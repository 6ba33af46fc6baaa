// The protocol's JSON: what the TypeScript side writes must read back exactly, and what the driver writes must be one
// line of valid JSON.
package faultline.driver.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsEveryKindOfValue() throws JsonException {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null));
        expected.put("b", Map.of("c", "d"));
        expected.put("e", Map.of());
        assertEquals(expected, v);
    }

    @Test
    void keepsLongsExact() throws JsonException {
        assertEquals(9007199254740993L, Json.parse("9007199254740993"));
        assertEquals(Long.MIN_VALUE, Json.parse(Long.toString(Long.MIN_VALUE)));
        assertThrows(JsonException.class, () -> Json.parse("9223372036854775808"));
    }

    @Test
    void decodesEscapes() throws JsonException {
        assertEquals("q\"b\\s/\b\f\n\r\t\u00e9\ud83d\ude00", Json.parse("\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
    }

    @Test
    void writesOneLineThatReadsBack() throws JsonException {
        String tricky = "line\nbreak \"quoted\" back\\slash tab\t nul\u0000 sep\u2028 emoji\ud83d\ude00 é";
        String written = Json.write(Map.of("s", tricky));
        assertFalse(written.contains("\n"));
        assertFalse(written.contains("\u2028"));
        assertEquals(Map.of("s", tricky), Json.parse(written));
    }

    @Test
    void writesNumbersOptionalsAndEnums() {
        assertEquals("[1,2.5,3,null,null,7,null,\"FAIL\"]", Json.write(Arrays.asList(1L, 2.5, 3.0, Double.NaN, Optional.empty(), OptionalLong.of(7), OptionalLong.empty(), Sample.FAIL)));
    }

    enum Sample { FAIL }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "01x", "{} {}", "\"tab\there\"", "\"\\x\"", "-", "1.")) {
            assertThrows(JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void limitsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"));
    }

    @Test
    void refusesValuesItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
