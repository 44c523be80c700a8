package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** {@code lxt4j bench --weights f32,nf4,bf16}: several weight forms of one model in one run, and its bad lists. */
class BenchWeightsCliTest {

    private static String config() {
        return Fixtures.dir("llama-tiny").resolve("config.json").toString();
    }

    @Test
    void everyFormIsTimedAndComparedWithTheFirst() throws Exception {
        CliRun r = CliRun.command(
                "bench", "--config", config(), "--seq", "6", "--repeat", "2", "--weights", "f32,nf4,bf16", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode forms = j.get("forms");
        assertEquals(3, forms.size());
        String[] names = {"f32", "nf4", "bf16"};
        double firstForward = forms.get(0).get("forward_s").asDouble();
        double firstExplain = forms.get(0).get("explain_s").asDouble();
        for (int i = 0; i < 3; i++) {
            JsonNode f = forms.get(i);
            assertEquals(names[i], f.get("weights").asText());
            for (String k : new String[] {"load_s", "forward_s", "explain_s", "forward_min_s", "explain_min_s"}) {
                assertTrue(f.get(k).asDouble() > 0, names[i] + " " + k + " = " + f.get(k));
            }
            assertTrue(f.get("forward_min_s").asDouble() <= f.get("forward_s").asDouble());
            assertEquals(
                    f.get("forward_s").asDouble() / firstForward,
                    f.get("forward_ratio").asDouble(),
                    1e-12);
            assertEquals(
                    f.get("explain_s").asDouble() / firstExplain,
                    f.get("explain_ratio").asDouble(),
                    1e-12);
        }
        assertEquals(1.0, forms.get(0).get("forward_ratio").asDouble());
        assertEquals(2, j.get("repeats").asInt());
        assertTrue(r.err().contains("repeat 2/2, bf16"), r.err());
        CliRun table =
                CliRun.command("bench", "--config", config(), "--seq", "4", "--repeat", "1", "--weights", "int8,f16");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("ratios to int8") || table.out().contains("ratio to int8"), table.out());
        assertTrue(table.out().contains("f16 "), table.out());
    }

    @Test
    void badListsExitWithTwoAndSayWhy() {
        CliRun twice = CliRun.command("bench", "--config", config(), "--repeat", "1", "--weights", "f32,nf4,f32");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("--weights"), twice.err());
        CliRun unknown = CliRun.command("bench", "--config", config(), "--repeat", "1", "--weights", "f32,q4");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("q4"), unknown.err());
    }
}
