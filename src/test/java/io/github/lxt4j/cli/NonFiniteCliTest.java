package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 2: a model whose forward pass overflows (finite weights of 1e30 in the final norm and the LM head)
 * is a typed error in every CLI mode, saying the model is at fault; nothing with NaN is written.
 */
class NonFiniteCliTest {
    @TempDir
    Path tmp;

    private Path model;

    @BeforeEach
    void overflowingModel() {
        model = KvFolder.withScaledWeights(tmp.resolve("model"), 1e30, "model.norm.weight", "lm_head.weight");
    }

    private static void assertForwardBlamed(CliRun r) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains("the model's forward pass produced non-finite logits"), r.err());
        assertTrue(r.err().contains("attnlrp"), "names the method: " + r.err());
    }

    @Test
    void batchModeWritesNothing() {
        Path out = tmp.resolve("out.safetensors");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                model.toString(),
                "--inputs",
                KvFolder.SOURCE.resolve("reference.safetensors").toString(),
                "--output",
                out.toString());
        assertForwardBlamed(r);
        assertTrue(r.err().contains("row 0"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void jsonlModeNamesTheLineAndWritesNoNaN() throws Exception {
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), JsonlData.line(Map.of("prompt", JsonlData.TWO_FACTS)));
        Path out = tmp.resolve("out.jsonl");
        CliRun r = CliRun.command(
                "explain", "--model", model.toString(), "--prompts", in.toString(), "--jsonl", out.toString());
        assertForwardBlamed(r);
        assertTrue(r.err().contains(in + ":1: "), r.err());
        assertFalse(Files.readString(out).contains("NaN"));
    }

    @Test
    void promptModeBlamesTheModel() {
        CliRun r = CliRun.command(
                "explain",
                "--model",
                model.toString(),
                "--html",
                tmp.resolve("h.html").toString(),
                JsonlData.TWO_FACTS);
        assertForwardBlamed(r);
        assertFalse(Files.exists(tmp.resolve("h.html")));
    }
}
