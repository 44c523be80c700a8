package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The faithfulness figures docs/eval.md reports for the first 100 kv-retrieval prompts (DJL, float32, 10 steps,
 * {@code <unk>} baseline): AttnLRP is the most faithful method by ABPC, then CP-LRP, then gradient × input.
 */
class EvalFaithfulnessTest {

    @Test
    void abpcRanksAttnLrpFirstOnTheFirstHundredPrompts() {
        Path dir = Fixtures.dir("kv-retrieval");
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), HfTokenizer.open(dir))) {
            Evaluator ev = new Evaluator(ex, EvalOptions.defaults());
            int owned = scope.size();
            EvalReport r = ev.run(
                    EvalDataset.read(dir.resolve("eval.jsonl"), 100),
                    List.of(Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT),
                    Map.of(),
                    EvalProgress.none());
            System.out.print(r.toTable());
            assertEquals(owned, scope.size(), "every batch frees its tensors: nothing lands in the caller's scope");
            double attn = r.method(Method.ATTNLRP).abpc(CurveValue.LOGIT);
            double cp = r.method(Method.CP_LRP).abpc(CurveValue.LOGIT);
            double gxi = r.method(Method.GRADIENT_X_INPUT).abpc(CurveValue.LOGIT);
            assertEquals(4.314, attn, 0.01);
            assertEquals(2.898, cp, 0.01);
            assertEquals(0.705, gxi, 0.01);
            assertTrue(attn > cp && cp > gxi && gxi > 0, attn + " > " + cp + " > " + gxi);
            assertEquals(0.84, r.accuracy(), 1e-12);
            assertEquals(0.59, r.method(Method.ATTNLRP).hit(1), 1e-12);
            assertEquals(0.88, r.method(Method.ATTNLRP).hit(3), 1e-12);
            assertTrue(
                    r.method(Method.CP_LRP).conservationMax() < 1e-5,
                    "CP-LRP treats attention as constant: every remaining rule conserves on this bias-free model");
        }
    }
}
