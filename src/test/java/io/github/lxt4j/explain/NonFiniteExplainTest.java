package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.cli.KvFolder;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 2, in the library: a model whose forward pass overflows (finite weights of 1e30 in the final norm
 * and the LM head) gives a {@link NonFiniteResultException} from every explainer entry point, naming the method and
 * the row and blaming the forward pass, never an explanation full of NaN.
 */
class NonFiniteExplainTest {
    @TempDir
    Path tmp;

    private static void assertForwardBlamed(String method, int row, Executable call) {
        NonFiniteResultException e = assertThrows(NonFiniteResultException.class, call);
        assertTrue(e.getMessage().startsWith(method + ": row " + row + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("the model's forward pass produced non-finite logits"), e.getMessage());
        assertEquals(row, e.row());
    }

    @Test
    void everyEntryPointRefusesNonFiniteLogits() {
        Path dir = KvFolder.withScaledWeights(tmp.resolve("model"), 1e30, "model.norm.weight", "lm_head.weight");
        try (TensorScope s = TensorScope.open();
                BatchExplainable loaded = Explainers.load(dir, LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            CausalLmExplainer ex = loaded.accept(new ExplainerInputsTest.Only<CausalLmExplainer>("causal-lm"));
            String prompt = "alice likes red . bob likes blue . so bob likes";
            assertForwardBlamed("attnlrp", 0, () -> ex.explain(prompt, Target.argmax(), Method.ATTNLRP));
            assertForwardBlamed(
                    "cp-lrp", 0, () -> ex.explainAll(List.of(prompt, prompt + " red"), Target.argmax(), Method.CP_LRP));
            long[] ids = ex.tokenizer().encode(prompt).ids();
            assertForwardBlamed(
                    "gradient-x-input",
                    0,
                    () -> ex.explainBatch(
                            Map.of("input_ids", TensorData.ofLongs(ids, 1, ids.length)),
                            Method.GRADIENT_X_INPUT,
                            BatchOptions.defaults().withLayers(true)));
        }
    }
}
