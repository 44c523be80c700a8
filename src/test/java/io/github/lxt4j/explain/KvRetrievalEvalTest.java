package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.eval.EvalDataset;
import io.github.lxt4j.eval.EvalItem;
import io.github.lxt4j.eval.EvalOptions;
import io.github.lxt4j.eval.Evaluator;
import io.github.lxt4j.eval.ExampleResult;
import io.github.lxt4j.eval.MethodSummary;
import io.github.lxt4j.eval.Metric;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kv-retrieval: accuracy and hit@1 of each method over the 300 eval prompts, scored by the eval package, and the
 * first 32 token relevances.
 */
class KvRetrievalEvalTest {

    static java.util.stream.Stream<Backend> backends() {
        return io.github.lxt4j.testing.TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reproducesReferenceFigures(Backend backend) throws IOException {
        Path dir = Fixtures.dir("kv-retrieval");
        JsonNode reference =
                new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        Map<String, TensorData> ref = Fixtures.reference("kv-retrieval");
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, backend, DType.FLOAT32), HfTokenizer.open(dir))) {
            List<Metric> metrics = List.of(Metric.ACCURACY, Metric.hitAt(1));
            Evaluator ev = new Evaluator(ex, EvalOptions.defaults().withMetrics(metrics, true));
            List<EvalItem> items = ev.encode(EvalDataset.read(dir.resolve("eval.jsonl")));
            assertEquals(300, items.size());
            long[][] ids = new long[items.size()][];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = items.get(i).ids();
            }
            long[][] refIds = Fixtures.rows(ref.get("input_ids"));
            for (int i = 0; i < refIds.length; i++) {
                assertArrayEquals(refIds[i], ids[i], "tokenized prompt " + i);
            }
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                List<Explanation> exps = ex.explainIds(ids, null, Target.argmax(), m, false);
                List<ExampleResult> results = new ArrayList<>();
                double[] first32 = new double[32 * ids[0].length];
                for (int i = 0; i < exps.size(); i++) {
                    results.add(ev.score(items.get(i), exps.get(i)));
                    if (i < 32) {
                        System.arraycopy(exps.get(i).relevance(), 0, first32, i * ids[0].length, ids[0].length);
                    }
                }
                MethodSummary summary = MethodSummary.of(m, results, metrics);
                double expected =
                        reference.get("source_hit_at_1").get(m.keyPrefix()).asDouble();
                assertEquals(expected, summary.hit(1), 0.01, backend.name() + " " + m + " hit@1");
                Compare.relevance32(
                        backend.name() + " " + m + " first 32 token relevances",
                        first32,
                        ref.get(m.keyPrefix() + ".tokens").toDoubles());
                assertEquals(300, summary.answered());
                assertEquals(reference.get("eval_accuracy").asDouble(), summary.accuracy(), 0.01, "accuracy");
            }
        }
    }
}
