package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Targets on llama-tiny under CP-LRP, which conserves relevance exactly on this bias-free model (the fixture's
 * cp_lrp sums equal the logits): so each target's relevance must sum to the explained value.
 */
class TargetsTest {

    private static final long[][] IDS =
            Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"));

    private static CausalLmExplainer explainer() {
        return new CausalLmExplainer(
                LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), Backends.djl(), DType.FLOAT64), null);
    }

    @Test
    void argmaxAndTokenAndContrastiveConserve() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            long[][] row = {IDS[0]};
            Explanation top = ex.explainIds(row, null, Target.argmax(), Method.CP_LRP, false)
                    .get(0);
            assertEquals(201, top.targetIds()[0]); // reference.json: target_token[0]
            assertEquals(2.5209792063736662, top.targetValue(), 1e-6);
            assertEquals(top.targetValue(), top.totalRelevance(), 1e-6 * Math.abs(top.targetValue()));
            Explanation same = ex.explainIds(row, null, Target.token(201), Method.CP_LRP, false)
                    .get(0);
            assertArrayEquals(top.relevance(), same.relevance(), 1e-12);
            Explanation other = ex.explainIds(row, null, Target.token(7), Method.CP_LRP, false)
                    .get(0);
            Explanation contrast = ex.explainIds(row, null, Target.contrastive(201, 7), Method.CP_LRP, false)
                    .get(0);
            assertEquals(top.targetValue() - other.targetValue(), contrast.targetValue(), 1e-9);
            assertEquals(contrast.targetValue(), contrast.totalRelevance(), 1e-6 * Math.abs(contrast.targetValue()));
        }
    }

    @Test
    void probabilityTargetIsTheSoftenedSoftmax() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            Explanation p = ex.explainIds(new long[][] {IDS[1]}, null, Target.probability(2), Method.ATTNLRP, false)
                    .get(0);
            assertEquals(148, p.targetIds()[0]);
            double[] logits =
                    Fixtures.reference("llama-tiny").get("logits_last").toDoubles();
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 320; v < 640; v++) {
                max = Math.max(max, logits[v]);
            }
            double z = 0;
            for (int v = 320; v < 640; v++) {
                z += Math.exp((logits[v] - max) / 2);
            }
            assertEquals(Math.exp((logits[320 + 148] - max) / 2) / z, p.targetValue(), 1e-5);
        }
    }

    @Test
    void eachRowHasItsOwnTarget() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            List<Explanation> mixed = ex.explainIds(
                    IDS, null, Target.eachRow(List.of(Target.token(7), Target.argmax())), Method.CP_LRP, false);
            Explanation row0 = ex.explainIds(new long[][] {IDS[0]}, null, Target.token(7), Method.CP_LRP, false)
                    .get(0);
            Explanation row1 = ex.explainIds(new long[][] {IDS[1]}, null, Target.argmax(), Method.CP_LRP, false)
                    .get(0);
            assertEquals(7, mixed.get(0).targetIds()[0]);
            assertEquals(148, mixed.get(1).targetIds()[0]);
            assertArrayEquals(row0.relevance(), mixed.get(0).relevance(), 1e-9);
            assertArrayEquals(row1.relevance(), mixed.get(1).relevance(), 1e-9);
            assertEquals(row0.targetValue(), mixed.get(0).targetValue(), 1e-9);
            InvalidInputException e = assertThrows(
                    InvalidInputException.class,
                    () -> ex.explainIds(IDS, null, Target.eachRow(List.of(Target.argmax())), Method.CP_LRP, false));
            assertEquals("a per-row target needs one entry per row: got 1 for 2 rows", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Target.eachRow(List.of(Target.contrastive(1, 2))));
        }
    }

    @Test
    void generatedSpanSumsItsLogits() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            long[] prompt = java.util.Arrays.copyOf(IDS[0], 10);
            long[] seq = ex.generate(prompt, 3);
            List<Explanation> each = ex.explainSpan(prompt, 3, Method.CP_LRP);
            Explanation sum = ex.explainIds(
                            new long[][] {prompt}, null, Target.generated(3, true), Method.CP_LRP, false)
                    .get(0);
            double total = 0;
            for (int k = 0; k < 3; k++) {
                assertEquals(seq[10 + k], each.get(k).targetIds()[0]);
                total += each.get(k).targetValue();
            }
            assertEquals(total, sum.targetValue(), 1e-6);
            assertEquals(sum.targetValue(), sum.totalRelevance(), 1e-6 * Math.abs(sum.targetValue()));
        }
    }

    @Test
    void aContrastOfAClassWithItselfIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Target.contrastive(3, 3));
        assertTrue(e.getMessage().contains("with itself"), e.getMessage());
    }

    @Test
    void theVisionGammaMethodIsRefusedForLanguageModels() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), Backends.djl(), DType.FLOAT32),
                        null)) {
            InvalidInputException e = assertThrows(
                    InvalidInputException.class,
                    () -> ex.explainIds(new long[][] {{1, 2, 3}}, null, Target.argmax(), Method.CP_LRP_GAMMA, false));
            assertTrue(e.getMessage().contains("vision transformers"), e.getMessage());
        }
    }
}
