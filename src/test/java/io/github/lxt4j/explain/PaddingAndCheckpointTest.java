package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.DecoderPadding;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.ShortRowBatch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Left padding gives zero relevance at pads and per-row results equal to the row alone; checkpointing changes nothing. */
class PaddingAndCheckpointTest {

    static java.util.stream.Stream<Backend> backends() {
        return io.github.lxt4j.testing.TestBackends.all();
    }

    private static CausalLmExplainer explainer(Backend backend) {
        return new CausalLmExplainer(
                LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), backend, DType.FLOAT32), null);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void leftPaddedRowsMatchRowsAlone(Backend backend) {
        long[][] full = Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"));
        ShortRowBatch rows = ShortRowBatch.of(full, 5);
        long[] shortRow = rows.shortRow();
        long[][] batch = rows.batch();
        long[][] mask = rows.mask();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer(backend)) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                List<Explanation> padded = ex.explainIds(batch, mask, Target.argmax(), m, false);
                Explanation alone0 = ex.explainIds(new long[][] {shortRow}, null, Target.argmax(), m, false)
                        .get(0);
                Explanation alone1 = ex.explainIds(new long[][] {full[1]}, null, Target.argmax(), m, false)
                        .get(0);
                double[] r0 = padded.get(0).relevance();
                for (int i = 0; i < 5; i++) {
                    assertEquals(0.0, r0[i], 0.0, m + ": pad position " + i + " must carry exactly zero relevance");
                    for (double d : padded.get(0).embeddingRelevance()[i]) {
                        assertEquals(0.0, d, 0.0);
                    }
                }
                Compare.relevance(
                        m + " padded row 0", Arrays.copyOfRange(r0, 5, 14), alone0.relevance(), 1e-5, 0.99999);
                Compare.relevance(m + " row 1", padded.get(1).relevance(), alone1.relevance(), 1e-5, 0.99999);
                assertEquals(alone0.targetIds()[0], padded.get(0).targetIds()[0]);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void promptsOfDifferentLengthsAreLeftPadded() {
        java.nio.file.Path dir = Fixtures.dir("kv-retrieval");
        String shortPrompt = "alice likes red . bob likes blue . so bob likes";
        String longPrompt = "alice likes red . bob likes blue . carol likes gold . dave likes figs . "
                + "erin likes pink . frank likes plums . so dave likes";
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, io.github.lxt4j.tensor.Backends.djl(), DType.FLOAT32),
                        io.github.lxt4j.io.HfTokenizer.open(dir))) {
            List<Explanation> both = ex.explainAll(List.of(shortPrompt, longPrompt), Target.argmax(), Method.ATTNLRP);
            Explanation aloneShort = ex.explain(shortPrompt, Target.argmax(), Method.ATTNLRP);
            Explanation aloneLong = ex.explain(longPrompt, Target.argmax(), Method.ATTNLRP);
            assertEquals(aloneShort.ids().length, both.get(0).ids().length);
            Compare.relevance("short", both.get(0).relevance(), aloneShort.relevance(), 1e-5, 0.99999);
            Compare.relevance("long", both.get(1).relevance(), aloneLong.relevance(), 1e-5, 0.99999);
            assertEquals("figs", both.get(1).tokens()[both.get(1).argmax(1)]);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void checkpointedLayersGiveIdenticalRelevance(Backend backend) {
        long[][] ids = Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"));
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer(backend)) {
            DecoderPadding.assertCheckpointedLayersMatch(ex, ids, Method.ATTNLRP, Method.GRADIENT_X_INPUT);
        }
    }
}
