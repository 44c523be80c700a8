package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.PaddingException;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 2: a right-padded batch is refused, not explained at a pad position: in the CLI's batch mode (exit
 * code 2, one line, nothing written) and in the Java API's batch entry point.
 */
class PaddingCliTest {
    /** Four demo-model ids: {@code <s> alice likes red}. */
    private static final long[] IDS = {1, 7, 4, 31};

    @TempDir
    Path tmp;

    @Test
    void theBatchModeRefusesARightPaddedMask() {
        Map<String, TensorData> in = new LinkedHashMap<>();
        in.put("input_ids", TensorData.ofLongs(IDS, 1, 4));
        in.put("attention_mask", TensorData.ofLongs(new long[] {1, 1, 0, 0}, 1, 4));
        Path inputs = tmp.resolve("in.safetensors");
        SafetensorsWriter.write(inputs, in);
        Path out = tmp.resolve("out.safetensors");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                KvFolder.SOURCE.toString(),
                "--inputs",
                inputs.toString(),
                "--output",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(
                r.err()
                        .startsWith("error: attention_mask row 0 has a pad (0) at position 2 after a real token:"
                                + " decoder LMs take left padding"),
                r.err());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void theJavaApiRefusesARightPaddedMaskAndTakesALeftPaddedOne() {
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(KvFolder.SOURCE), HfTokenizer.open(KvFolder.SOURCE))) {
            long[][] ids = {IDS};
            assertThrows(
                    PaddingException.class,
                    () -> ex.explainIds(ids, new long[][] {{1, 1, 0, 0}}, Target.argmax(), Method.ATTNLRP, false));
            assertThrows(
                    PaddingException.class,
                    () -> ex.explainIds(ids, new long[][] {{0, 1, 0, 1}}, Target.argmax(), Method.ATTNLRP, false),
                    "a pad between real tokens");
            double[] padded = ex.explainIds(
                            new long[][] {{0, 0, 1, 7, 4, 31}},
                            new long[][] {{0, 0, 1, 1, 1, 1}},
                            Target.argmax(),
                            Method.ATTNLRP,
                            false)
                    .get(0)
                    .relevance();
            assertEquals(0.0, padded[0]);
            assertEquals(0.0, padded[1]);
        }
    }
}
