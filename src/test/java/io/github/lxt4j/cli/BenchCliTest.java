package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.bench.BenchOptionException;
import io.github.lxt4j.bench.BenchRunner;
import io.github.lxt4j.bench.BenchSpec;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.blas.Blas;
import io.github.lxt4j.tensor.blas.BlasChoice;
import io.github.lxt4j.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code lxt4j bench} end to end for every family (one layer per stack, one repeat), and its bad options. */
class BenchCliTest {

    private static CliRun bench(String... args) {
        return CliRun.command("bench", args);
    }

    private static JsonNode json(CliRun r) throws Exception {
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static void assertTimed(JsonNode j) {
        for (String k : new String[] {
            "load_s",
            "forward_s",
            "explain_s",
            "explain_over_forward",
            "forward_flops",
            "relevance_flops",
            "peak_rss_bytes",
            "loaded_rss_bytes",
            "forward_peak_rss_bytes",
            "explain_peak_rss_bytes"
        }) {
            assertTrue(j.get(k).asDouble() > 0, k + " = " + j.get(k));
        }
        assertTrue(j.get("peak_rss_bytes").asLong()
                >= j.get("explain_peak_rss_bytes").asLong());
        // the explanation's peak may sit below the loaded RSS (memory returned after loading); the process's may not
        assertTrue(j.get("peak_rss_bytes").asLong() >= j.get("loaded_rss_bytes").asLong(), j.toString());
        assertTrue(j.get("relevance_flops").asDouble() >= j.get("forward_flops").asDouble());
    }

    @Test
    void gemmRatesAndTheFlopBoundRatioComeWithTheBlasInUse() throws Exception {
        try {
            JsonNode j = json(bench(
                    "--config",
                    "bert-base",
                    "--layers",
                    "1",
                    "--seq",
                    "8",
                    "--repeat",
                    "1",
                    "--blas",
                    "openblas",
                    "--json"));
            assertEquals("openblas", j.get("blas").asText());
            assertEquals(8, j.get("gemm_shape").get(0).asInt());
            assertEquals(768, j.get("gemm_shape").get(1).asInt());
            assertEquals(3072, j.get("gemm_shape").get(2).asInt());
            assertTrue(j.get("gemm_gflops").get("libtorch").asDouble() > 0, j.toString());
            assertTrue(j.get("gemm_gflops").get("openblas").asDouble() > 0, j.toString());
            assertTrue(j.get("flop_bound_ratio").asDouble() > 0, j.toString());
            JsonNode torch = json(bench(
                    "--config",
                    "bert-base",
                    "--layers",
                    "1",
                    "--seq",
                    "8",
                    "--repeat",
                    "1",
                    "--blas",
                    "torch",
                    "--json"));
            assertEquals("libtorch", torch.get("blas").asText());
        } finally {
            Blas.choose(BlasChoice.AUTO);
        }
        CliRun bad = bench("--config", "bert-base", "--layers", "1", "--seq", "8", "--blas", "atlas");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(
                bad.err().contains("--blas 'atlas' is not a BLAS choice: expected auto, torch or openblas"), bad.err());
    }

    @Test
    void t5BaseRunsWithOneLayerPerStack() throws Exception {
        CliRun r = bench("--config", "t5-base", "--layers", "1", "--seq", "8", "--repeat", "1", "--json");
        JsonNode j = json(r);
        assertEquals("t5-base", j.get("config").asText());
        assertEquals("t5", j.get("family").asText());
        assertEquals("1 encoder + 1 decoder layers", j.get("architecture").asText());
        assertEquals(2, j.get("layers").asInt());
        assertEquals(8, j.get("seq").asInt());
        assertEquals("attnlrp", j.get("method").asText());
        assertTimed(j);
        assertTrue(r.err().contains("[bench] repeat 1/1"), r.err());
        assertTrue(r.err().contains("[bench] warm-up explanation 1/1"), r.err());
    }

    @Test
    void classifierPresetsRunWithOneLayer() throws Exception {
        JsonNode bert = json(bench("--config", "bert-base", "--layers", "1", "--seq", "8", "--repeat", "1", "--json"));
        assertEquals("bert", bert.get("family").asText());
        assertEquals("attnlrp", bert.get("method").asText());
        assertEquals(8, bert.get("seq").asInt());
        assertTimed(bert);
        JsonNode vit = json(bench("--config", "vit-base-16", "--layers", "1", "--repeat", "1", "--json"));
        assertEquals("vit", vit.get("family").asText());
        assertEquals("cp-lrp", vit.get("method").asText());
        assertTrue(
                vit.get("input").asText().contains("224×224 (197 tokens)"),
                vit.get("input").asText());
        assertTimed(vit);
        CliRun seq = bench("--config", "vit-base-16", "--layers", "1", "--seq", "8", "--repeat", "1");
        assertEquals(2, seq.code());
        assertTrue(seq.err().contains("--seq does not apply"), seq.err());
    }

    @Test
    void warmupZeroTimesTheFirstExplanationAndStillMeasuresItsMemory() throws Exception {
        CliRun r =
                bench("--config", "t5-base", "--layers", "1", "--seq", "8", "--repeat", "1", "--warmup", "0", "--json");
        JsonNode j = json(r);
        assertTimed(j);
        assertFalse(r.err().contains("warm-up"), r.err());
        assertTrue(j.get("relevance_pass_peak_bytes").isIntegralNumber(), j.toString());
        CliRun bad = bench("--config", "t5-base", "--layers", "1", "--warmup", "-1");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--warmup must be >= 0, got -1"), bad.err());
    }

    @Test
    void clipVitB16RunsWithOneLayerPerTower() throws Exception {
        JsonNode j = json(bench("--config", "clip-vit-b-16", "--layers", "1", "--repeat", "1", "--json"));
        assertEquals("clip-vit-b-16", j.get("config").asText());
        assertEquals("clip", j.get("family").asText());
        assertEquals("1 vision + 1 text layers", j.get("architecture").asText());
        assertEquals(2, j.get("layers").asInt());
        assertTrue(j.get("seq").isNull());
        assertEquals(
                "1 image 224×224 (197 tokens) + 1 text of 77 tokens",
                j.get("input").asText());
        assertEquals("cp-lrp", j.get("method").asText());
        assertTimed(j);
    }

    @Test
    void customConfigFilesOfEachFamilyRun() throws Exception {
        JsonNode llama = json(bench(
                "--config",
                Fixtures.dir("llama-tiny").resolve("config.json").toString(),
                "--seq",
                "6",
                "--batch-size",
                "2",
                "--repeat",
                "1",
                "--json"));
        assertEquals("llama", llama.get("family").asText());
        assertEquals("batch 2 × seq 6", llama.get("input").asText());
        assertTimed(llama);
        JsonNode t5 = json(bench(
                "--config",
                Fixtures.dir("t5-gated").resolve("config.json").toString(),
                "--seq",
                "5",
                "--batch-size",
                "2",
                "--repeat",
                "1",
                "--json"));
        assertEquals("2 encoder + 2 decoder layers", t5.get("architecture").asText());
        assertEquals(2, t5.get("batch").asInt());
        assertTimed(t5);
        CliRun table = bench(
                "--config",
                Fixtures.dir("openclip-tiny").resolve("open_clip_config.json").toString(),
                "--repeat",
                "1");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("explain/forward"), table.out());
        assertTrue(table.out().contains("2 vision + 2 text layers"), table.out());
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        CliRun unknown = bench("--config", "gpt-5", "--repeat", "1");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("neither a preset"), unknown.err());
        CliRun seq = bench("--config", "clip-vit-b-16", "--seq", "64", "--repeat", "1");
        assertEquals(2, seq.code());
        assertTrue(seq.err().contains("--seq does not apply to CLIP"), seq.err());
        CliRun batch = bench("--config", "clip-vit-b-16", "--batch-size", "4", "--repeat", "1");
        assertEquals(2, batch.code());
        assertTrue(batch.err().contains("--batch-size 4") && batch.err().contains("CLIP"), batch.err());
        CliRun checkpoint = bench("--config", "t5-base", "--checkpoint", "--repeat", "1");
        assertEquals(2, checkpoint.code());
        assertTrue(checkpoint.err().contains("not for T5"), checkpoint.err());
        CliRun repeat = bench("--config", "t5-base", "--repeat", "0");
        assertEquals(2, repeat.code());
        assertTrue(repeat.err().contains("--repeat must be >= 1"), repeat.err());
    }

    @Test
    void clipOptionErrorsAreTyped() {
        BenchRunner runner = new BenchRunner(new PrintWriter(new StringWriter()));
        assertThrows(
                BenchOptionException.class,
                () -> runner.run(
                        new BenchSpec("clip-vit-b-16", 1, Backends.djl(), DType.FLOAT32, 2, false, 1, 64, 1, 42)));
        assertThrows(
                BenchOptionException.class,
                () -> runner.run(
                        new BenchSpec("clip-vit-b-16", 1, Backends.djl(), DType.FLOAT32, 2, false, 2, null, 1, 42)));
    }
}
