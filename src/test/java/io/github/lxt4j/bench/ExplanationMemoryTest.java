package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** 1,000 consecutive explanations keep the resident set flat: every native array is owned and freed. */
class ExplanationMemoryTest {

    @Test
    void thousandExplanationsDoNotGrowResidentMemory() {
        long[][] ids = Fixtures.rows(Fixtures.reference("kv-retrieval").get("input_ids"));
        long[][] one = {ids[0]};
        try (TensorScope s = TensorScope.open();
             CausalLmExplainer ex = new CausalLmExplainer(LlamaForCausalLM.fromPretrained(
                     Fixtures.dir("kv-retrieval"), Backends.djl(), DType.FLOAT32), null)) {
            Method[] methods = {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT};
            for (int i = 0; i < 100; i++) {
                ex.explainIds(one, null, Target.argmax(), methods[i % 3], i % 10 == 0);
            }
            System.gc();
            long warm = MemoryProbe.rss();
            for (int i = 0; i < 1000; i++) {
                ex.explainIds(one, null, Target.argmax(), methods[i % 3], i % 10 == 0);
            }
            System.gc();
            long after = MemoryProbe.rss();
            double growth = (after - warm) / (double) warm;
            assertTrue(warm > 0, "VmRSS must be readable");
            assertTrue(growth < 0.05, String.format("RSS grew %.1f%% (%d → %d bytes)", growth * 100, warm, after));
        }
    }
}
