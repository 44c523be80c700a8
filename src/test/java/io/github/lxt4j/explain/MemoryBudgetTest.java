package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.autograd.TapePlan;
import io.github.lxt4j.models.AttentionMemory;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.FakeMemory;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.TestBackends;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A memory budget changes which layers are recomputed, never the relevance: on the llama-tiny fixture (2 layers),
 * keeping both tapes, one (a budget with room for one tape and the margin), none (the first layer is measured, undone
 * and recomputed) and checkpointing both give bit-identical token, embedding and layer relevance.
 */
class MemoryBudgetTest {
    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    private record Run(List<Explanation> explanations, TapePlan tapes) {}

    private static Run explain(CausalLmExplainer ex, long[][] ids, Method m) {
        List<Explanation> e = ex.explainIds(ids, null, Target.argmax(), m, true);
        return new Run(e, ex.lastTapes());
    }

    private static void assertSame(String what, Run expected, Run actual) {
        for (int b = 0; b < expected.explanations().size(); b++) {
            Explanation x = expected.explanations().get(b);
            Explanation y = actual.explanations().get(b);
            assertArrayEquals(x.relevance(), y.relevance(), 0.0, what + " row " + b);
            for (int i = 0; i < x.embeddingRelevance().length; i++) {
                assertArrayEquals(x.embeddingRelevance()[i], y.embeddingRelevance()[i], 0.0, what + " row " + b);
            }
            for (int l = 0; l < x.layerRelevance().length; l++) {
                assertArrayEquals(x.layerRelevance()[l], y.layerRelevance()[l], 0.0, what + " layer " + l);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyBudgetGivesTheSameRelevance(Backend backend) {
        long[][] ids = Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"));
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), backend, DType.FLOAT32), null)) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                Run all = explain(ex.memoryBudget(MemoryBudget.unlimited()), ids, m);
                assertEquals(2, all.tapes().kept());

                Run none = explain(ex.checkpointLayers(true), ids, m);
                assertEquals(0, none.tapes().kept());
                assertEquals(2, none.tapes().layers());

                // 1 GiB resident at the start; budgets from the measured tape B and input c of a layer
                long tape = all.tapes().layerBytes();
                long input = ids.length * ids[0].length * 64L * 4;
                long start = 1L << 30;
                ex.memorySource(new FakeMemory(start, -1, -1));
                ex.memoryBudget(start + tape + TapePlan.margin(tape) + input + tape / 2);
                Run one = explain(ex, ids, m);
                assertEquals(1, one.tapes().kept(), one.tapes().toString());
                assertEquals(0, one.tapes().undone());

                ex.memoryBudget(start + TapePlan.margin(tape));
                Run undone = explain(ex, ids, m);
                assertEquals(0, undone.tapes().kept(), undone.tapes().toString());
                assertEquals(1, undone.tapes().undone());

                ex.memorySource(new FakeMemory(-1, -1, -1)).memoryBudget(MemoryBudget.auto());
                Run auto = explain(ex, ids, m);
                assertEquals(2, auto.tapes().kept(), "no /proc: every tape kept, as before budgets");

                assertSame(m + " checkpointed", all, none);
                assertSame(m + " one kept", all, one);
                assertSame(m + " first layer undone", all, undone);
                assertSame(m + " auto", all, auto);
            }
        }
    }

    /**
     * The measured bytes of a layer's tape hold at least what an independent count says the layer must keep: the
     * normed input, q, the attention output, o_proj, both residual sums ([B, T, hidden]: 6), k and v ([B, T, kv
     * heads × head_dim]: 2), the scores and the softmax weights ([B, heads, T, T]: 2) and the MLP's gate, up,
     * activation and product ([B, T, intermediate]: 4); and no more than 3 times that: reshapes and slices count as
     * tensors of their own, and at this tiny width the masks, RoPE rotations and head reshapes weigh more than the
     * matmuls' products (2.3× on DJL, 2.5× on ND4J).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void theMeasuredTapeOfALayerHoldsWhatTheLayerMustKeep(Backend backend) {
        long[][] ids = Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"));
        long b = ids.length;
        long t = ids[0].length;
        long hidden = 64;
        long kv = 2 * 16;
        long intermediate = 160;
        long heads = 4;
        long mustKeep = 4 * (b * t * (5 * hidden + 2 * kv + hidden) + 2 * b * heads * t * t + 4 * b * t * intermediate);
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), backend, DType.FLOAT32), null)) {
            ex.memoryBudget(MemoryBudget.unlimited()).explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            long measured = ex.lastTapes().layerBytes();
            assertTrue(
                    measured >= mustKeep && measured <= 3 * mustKeep,
                    "measured " + measured + " bytes, expected between " + mustKeep + " and 3 times that");
            assertTrue(AttentionMemory.estimate(b, heads, t, 1, 4) <= measured);
        }
    }
}
