package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation attribution on llama-tiny in float64 under CP-LRP (which conserves exactly on this bias-free model):
 * the greedy path, the matrix shape, each row against an explanation computed on its own, and the step scores
 * against the probability and logit-difference targets.
 */
class GenerationExplainerTest {

    private static final long[] PROMPT =
            Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"))[0];

    private static CausalLmExplainer explainer() {
        return new CausalLmExplainer(
                LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), Backends.djl(), DType.FLOAT64), null);
    }

    @Test
    void everyGeneratedTokenIsExplainedOnItsOwnContext() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            GenerationAttribution g = new GenerationExplainer(ex).explain(PROMPT, 3, null, Method.CP_LRP);
            long[] greedy = ex.generate(PROMPT, g.steps());
            assertArrayEquals(greedy, g.ids());
            assertTrue(g.steps() == 3 || g.ids()[g.ids().length - 1] == 2, "stops only at max or at eos");
            assertEquals(PROMPT.length, g.promptLength());
            assertNull(g.contrast());
            assertEquals("logit", g.objective());
            List<Explanation> span = ex.explainSpan(PROMPT, g.steps(), Method.CP_LRP);
            for (int k = 0; k < g.steps(); k++) {
                assertEquals(PROMPT.length + k, g.relevance()[k].length, "row " + k);
                assertArrayEquals(span.get(k).relevance(), g.relevance()[k], 1e-12, "row " + k);
                assertEquals(span.get(k).targetValue(), g.targetValues()[k], 1e-12);
                assertEquals(g.targetValues()[k], g.rowTotal(k), 1e-6 * Math.abs(g.targetValues()[k]), "conserves");
            }
        }
    }

    @Test
    void stepScoresAreTheSoftmaxProbabilityAndItsEntropy() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            GenerationAttribution g = new GenerationExplainer(ex).explain(PROMPT, 2, null, Method.CP_LRP);
            for (int k = 0; k < g.steps(); k++) {
                long[] context = Arrays.copyOf(g.ids(), PROMPT.length + k);
                Explanation p = ex.explainIds(
                                new long[][] {context}, null, Target.probability(1.0), Method.ATTNLRP, false)
                        .get(0);
                assertEquals(g.generatedIds()[k], p.targetIds()[0]);
                assertEquals(p.targetValue(), g.probabilities()[k], 1e-9);
                // Shannon entropy lies between the min-entropy -log(max p) and log(vocab)
                assertTrue(g.entropies()[k] >= -Math.log(g.probabilities()[k]) - 1e-9, "H >= -log p_max");
                assertTrue(g.entropies()[k] <= Math.log(320) + 1e-9, "H <= log V");
            }
        }
    }

    @Test
    void contrastExplainsTheProbabilityDifference() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            long contrast = 7;
            GenerationAttribution g = new GenerationExplainer(ex).explain(PROMPT, 2, contrast, Method.ATTNLRP);
            GenerationAttribution plain = new GenerationExplainer(ex).explain(PROMPT, 2, null, Method.ATTNLRP);
            assertArrayEquals(plain.ids(), g.ids(), "the contrast changes what is explained, not what is generated");
            assertEquals("p(token) - p(contrast)", g.objective());
            for (int k = 0; k < g.steps(); k++) {
                long[] context = Arrays.copyOf(g.ids(), PROMPT.length + k);
                long a = g.generatedIds()[k];
                // p(b) = p(a) * exp(-(logit a - logit b)): the logit difference comes from the logit targets
                double delta = ex.explainIds(
                                new long[][] {context}, null, Target.contrastive(a, contrast), Method.ATTNLRP, false)
                        .get(0)
                        .targetValue();
                double expected = g.probabilities()[k] * (1 - Math.exp(-delta));
                assertEquals(expected, g.targetValues()[k], 1e-9, "step " + k);
                assertTrue(Arrays.stream(g.relevance()[k]).anyMatch(r -> r != 0));
                assertTrue(!Arrays.equals(plain.relevance()[k], g.relevance()[k]), "a different objective");
            }
        }
    }

    @Test
    void badRequestsAreRefused() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            GenerationExplainer gen = new GenerationExplainer(ex);
            assertThrows(InvalidInputException.class, () -> gen.explain(PROMPT, 0, null, Method.ATTNLRP));
            assertThrows(InvalidInputException.class, () -> gen.explain(new long[0], 1, null, Method.ATTNLRP));
            assertThrows(InvalidInputException.class, () -> gen.explain(PROMPT, 1, 320L, Method.ATTNLRP));
            InvalidInputException tooLong =
                    assertThrows(InvalidInputException.class, () -> gen.explain(PROMPT, 200, null, Method.ATTNLRP));
            assertTrue(tooLong.getMessage().contains("128 positions"), tooLong.getMessage());
            assertThrows(IllegalStateException.class, () -> gen.explain("text", 1, null, Method.ATTNLRP));
            InvalidInputException cp =
                    assertThrows(InvalidInputException.class, () -> gen.explain(PROMPT, 1, 7L, Method.CP_LRP));
            assertTrue(cp.getMessage().contains("attnlrp"), cp.getMessage());
        }
    }
}
