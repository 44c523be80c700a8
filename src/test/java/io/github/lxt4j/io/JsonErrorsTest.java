package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Issue 18, item 8: Jackson's settings never appear in lxt4j's messages about bad JSON. */
class JsonErrorsTest {
    private static String describe(ObjectMapper mapper, String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readTree(json));
        String d = JsonErrors.describe(e);
        for (String leak : new String[] {"Feature", "Constraints", "`", "[Source"}) {
            assertFalse(d.contains(leak), leak + " leaked into: " + d + " (from: " + e.getOriginalMessage() + ")");
        }
        return d;
    }

    @Test
    void nonNumericNumbersNestingAndDuplicatesAreInWords() {
        ObjectMapper plain = new ObjectMapper();
        assertEquals("NaN is not a JSON number (line 1, column 10)", describe(plain, "{\"x\": NaN}"));
        assertEquals(
                "arrays or objects nested 1001 deep, more than the 1000 that lxt4j reads",
                describe(plain, "[".repeat(1001) + "]".repeat(1001)));
        String dup = describe(Json.MAPPER, "{\"a\": 1, \"a\": 2}");
        assertEquals("Duplicate field 'a' (line 1, column 13)", dup);
    }
}
