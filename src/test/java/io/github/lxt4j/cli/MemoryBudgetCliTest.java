package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** {@code --memory-budget}: its values, its refusals (one line, exit 2) and what bench reports of it. */
class MemoryBudgetCliTest {

    /** Exit 2 and one error line (bench's progress lines before it aside). */
    private static void assertRefused(CliRun r, String... parts) {
        assertEquals(2, r.code(), "stdout: " + r.out() + " stderr: " + r.err());
        String err = r.err().lines().filter(l -> !l.startsWith("[bench]")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(1, err.strip().lines().count(), r.err());
        assertTrue(err.startsWith("error: "), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), r.err());
        }
    }

    @Test
    void aBadSizeIsOneLineNamingTheOption() {
        assertRefused(
                CliRun.of("explain", "--memory-budget", "9x", "alice likes"),
                "--memory-budget expects a memory size such as 9g",
                "'9x'");
        assertRefused(CliRun.of("explain", "--memory-budget", "9GB", "alice likes"), "write 9G or 9GiB");
        assertRefused(
                CliRun.of("bench", "--config", "tinyllama-1.1b", "--memory-budget", "lots"), "--memory-budget expects");
    }

    @Test
    void checkpointAndABudgetTogetherAreRefused() {
        assertRefused(
                CliRun.of("explain", "--checkpoint", "--memory-budget", "4g", "alice likes"),
                "--checkpoint is --memory-budget 0");
    }

    @Test
    void aBudgetBelowWhatTheProcessHoldsIsRefusedBeforeTheForwardWithTheEstimate() {
        assertRefused(
                CliRun.of("explain", "--memory-budget", "1m", "alice likes red . so alice likes"),
                "more than the memory budget of 1.0 MiB allows",
                "raise --memory-budget to at least");
    }

    @Test
    void aBudgetForAFamilyWithoutOneIsRefused() {
        assertRefused(
                CliRun.of(
                        "bench",
                        "--config",
                        Fixtures.dir("t5-gated").resolve("config.json").toString(),
                        "--memory-budget",
                        "4g"),
                "--memory-budget is implemented for decoder LMs only, not for seq2seq LMs");
    }

    @Test
    void benchReportsTheLayersThatKeptTheirTapes() throws Exception {
        String config = Fixtures.dir("llama-tiny").resolve("config.json").toString();
        CliRun r = CliRun.of(
                "bench", "--config", config, "--seq", "8", "--repeat", "1", "--memory-budget", "1t", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("1024.00 GiB", j.get("memory_budget").asText());
        assertEquals(2, j.get("layers_kept").asInt());
        assertEquals(0, j.get("layers_recomputed").asInt());
        assertTrue(j.get("layer_tape_bytes").asLong() > 0);
        CliRun ck = CliRun.of("bench", "--config", config, "--seq", "8", "--repeat", "1", "--checkpoint");
        assertEquals(0, ck.code(), ck.err());
        assertTrue(ck.out().contains("0 of 2 layers kept their tapes, 2 recomputed"), ck.out());
    }

    @Test
    void theJsonLinesModeTakesABudget() {
        CliRun r = CliRun.of("explain", "--prompts", "-", "--jsonl", "-", "--memory-budget", "x");
        assertRefused(r, "--memory-budget expects");
    }
}
