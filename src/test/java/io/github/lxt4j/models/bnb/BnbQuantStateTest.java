package io.github.lxt4j.models.bnb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.storage.WeightFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The packed JSON quant state: written as bitsandbytes' json.dumps writes it, read strictly. */
class BnbQuantStateTest {
    private static final String KEY = "w.weight.quant_state.bitsandbytes__nf4";

    private static BnbQuantState parse(String json) {
        return BnbQuantState.parse("file", KEY, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesTheBitsandbytesTextAndReadsItBack() {
        BnbQuantState s =
                new BnbQuantState(WeightFormat.NF4, 64, "bfloat16", new long[] {4096, 11008}, 256, "float32", 0.75f);
        String json = "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [4096,"
                + " 11008], \"nested_blocksize\": 256, \"nested_dtype\": \"float32\", \"nested_offset\": 0.75}";
        assertEquals(json, s.toJson());
        assertEquals(s, parse(json));
        assertEquals(4096L * 11008, s.numel());
        float odd = 0.0123456789f;
        BnbQuantState o = new BnbQuantState(WeightFormat.NF4, 64, "float16", new long[] {64}, 256, "float32", odd);
        assertEquals(odd, parse(o.toJson()).nestedOffset(), 0f, "the float offset reads back exactly");
        BnbQuantState plain =
                parse("{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"float32\"," + " \"shape\": [8, 8]}");
        assertTrue(!plain.nested() && Float.isNaN(plain.nestedOffset()));
    }

    @Test
    void malformedStatesAreRefusedNamingTheField() {
        String[][] cases = {
            {"{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"float32\"}", "lacks field 'shape'"},
            {
                "{\"quant_type\": \"nf4\", \"blocksize\": -64, \"dtype\": \"float32\", \"shape\": [8]}",
                "'blocksize' must be a positive integer"
            },
            {
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"float32\", \"shape\": [0]}",
                "'shape' must be a list of positive dimensions"
            },
            {
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"float32\", \"shape\": [8], \"x\": 1}",
                "unknown quant state field 'x'"
            },
            {
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"float32\", \"shape\": [8],"
                        + " \"nested_blocksize\": 256, \"nested_dtype\": \"float32\", \"nested_offset\": NaN}",
                "'nested_offset' must be a finite number"
            },
            {"[1, 2]", "must be a JSON object"},
            {"{\"quant_type\": ", "not valid JSON"},
        };
        for (String[] c : cases) {
            BnbFormatException e = assertThrows(BnbFormatException.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(KEY), e.getMessage());
        }
        byte[] big = new byte[BnbQuantState.MAX_BYTES + 1];
        BnbFormatException e =
                assertThrows(BnbFormatException.class, () -> BnbQuantState.parse("file", KEY, ByteBuffer.wrap(big)));
        assertTrue(e.getMessage().contains("more than the"), e.getMessage());
    }
}
