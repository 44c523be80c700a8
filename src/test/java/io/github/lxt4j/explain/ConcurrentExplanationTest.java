package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Threads that share one model and explain with different methods at the same time get the same relevance as one
 * thread alone: each explanation's rules are active on its own thread and never written into the shared model.
 */
class ConcurrentExplanationTest {

    private static final Method[] METHODS = {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT};

    private static double[] explain(CausalLmExplainer ex, long[][] ids, Method m) {
        try (TensorScope s = TensorScope.open()) {
            List<Explanation> rows = ex.explainIds(ids, null, Target.argmax(), m, false);
            List<Double> all = new ArrayList<>();
            for (Explanation e : rows) {
                for (double v : e.relevance()) {
                    all.add(v);
                }
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @Test
    void sharedModelExplainsConcurrentlyWithDifferentMethods() throws Exception {
        long[][] ids = Fixtures.rows(Fixtures.reference("llama-tiny").get("input_ids"));
        LlamaForCausalLM model =
                LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), Backends.djl(), DType.FLOAT32);
        try (CausalLmExplainer main = new CausalLmExplainer(model, null)) {
            Map<Method, double[]> alone = new EnumMap<>(Method.class);
            for (Method m : METHODS) {
                alone.put(m, explain(main, ids, m));
            }
            int threads = 3;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    runs.add(pool.submit(() -> {
                        CausalLmExplainer ex = new CausalLmExplainer(model, null); // shares the model; not closed
                        int checked = 0;
                        for (int i = 0; i < 6; i++) {
                            Method m = METHODS[(i + offset) % METHODS.length];
                            Compare.relevance(
                                    m + " on thread " + offset + ", round " + i,
                                    explain(ex, ids, m),
                                    alone.get(m),
                                    1e-6,
                                    0.999999);
                            checked++;
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> r : runs) {
                    assertEquals(6, r.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
