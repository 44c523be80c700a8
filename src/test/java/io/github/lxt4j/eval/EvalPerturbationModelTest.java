package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Perturbation curves of the kv-retrieval model checked against plain forward passes of the expected rows. */
class EvalPerturbationModelTest {

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    /** The last-position logits of one row by a plain forward pass. */
    private static double[] lastLogits(io.github.lxt4j.models.CausalLm model, long[] row) {
        try (TensorScope s = TensorScope.open()) {
            Var out = model.forward(
                    model.embed(model.backend().fromLongs(row, 1, row.length)),
                    null,
                    io.github.lxt4j.models.DecoderOptions.defaults().lastOnly());
            return out.value().toDoubleArray();
        }
    }

    private static double softmaxAt(double[] logits, int i) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (double v : logits) {
            z += Math.exp(v - max);
        }
        return Math.exp(logits[i] - max) / z;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void curvePointsAreForwardPassesOfThePerturbedPrompt(Backend backend) {
        Path dir = Fixtures.dir("kv-retrieval");
        int steps = 9;
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, backend, DType.FLOAT32), HfTokenizer.open(dir))) {
            Evaluator ev = new Evaluator(ex, EvalOptions.defaults().withSteps(steps));
            assertEquals(3, ev.baselineTokenId(), "the tokenizer's <unk>");
            EvalItem item =
                    ev.encode(EvalDataset.read(dir.resolve("eval.jsonl"), 1)).get(0);
            Explanation e = ex.explainIds(new long[][] {item.ids()}, null, Target.argmax(), Method.ATTNLRP, false)
                    .get(0);
            ExampleResult r = ev.score(item, e);
            FaithfulnessCurves c = r.curves();
            int target = (int) r.predicted();
            int perturbable = item.ids().length - 1;

            for (PerturbationCurve curve : List.of(c.morf(), c.lerf())) {
                assertEquals(steps + 1, curve.logits().length);
                assertEquals(steps + 1, curve.probabilities().length);
                assertEquals(0, curve.counts()[0]);
                assertEquals(perturbable, curve.counts()[steps]);
                assertEquals(1.0, curve.fractions()[steps], 0);
            }
            double[] plain = lastLogits(ex.model(), item.ids());
            assertEquals(plain[target], c.morf().logits()[0], 1e-5, "step 0 is the unperturbed logit");
            assertEquals(plain[target], c.lerf().logits()[0], 1e-5);
            assertEquals(e.targetValue(), c.morf().logits()[0], 1e-5, "AttnLRP explains the logit itself");
            assertEquals(softmaxAt(plain, target), c.morf().probabilities()[0], 1e-6);

            long[] allReplaced = item.ids().clone();
            java.util.Arrays.fill(allReplaced, 1, allReplaced.length, 3L);
            double[] empty = lastLogits(ex.model(), allReplaced);
            assertEquals(empty[target], c.morf().logits()[steps], 1e-5, "last MoRF step: every token but BOS is <unk>");
            assertEquals(empty[target], c.lerf().logits()[steps], 1e-5);

            int k = 4;
            long[] row = item.ids().clone();
            int[] order = RelevanceOrder.mostRelevantFirst(e.relevance(), 1);
            for (int i = 0; i < c.morf().counts()[k]; i++) {
                row[order[i]] = 3;
            }
            assertEquals(lastLogits(ex.model(), row)[target], c.morf().logits()[k], 1e-5, "MoRF step " + k);
            assertArrayEquals(order, c.morf().positions());
            assertEquals(item.example().sourcePosition(), order[0], "AttnLRP ranks this prompt's source first");
        }
    }
}
