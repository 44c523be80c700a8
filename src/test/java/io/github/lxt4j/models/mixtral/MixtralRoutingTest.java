package io.github.lxt4j.models.mixtral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Each expert runs only on the tokens the router sent to it, and experts that got none do not run. */
class MixtralRoutingTest {

    private static final class Recorder implements SparseMoeBlock.RoutingListener {
        final List<SparseMoeBlock.Routing> routings = new ArrayList<>();
        final Map<String, long[]> ran = new HashMap<>();

        @Override
        public void routed(SparseMoeBlock.Routing r) {
            routings.add(r);
        }

        @Override
        public void expertRan(String path, int expert, long rows) {
            ran.computeIfAbsent(path, k -> new long[4])[expert] += rows;
        }
    }

    private static Recorder forward(MixtralForCausalLM m, long[] ids, long batch, long len) {
        Recorder rec = new Recorder();
        for (SparseMoeBlock b : m.moeBlocks()) {
            b.setRoutingListener(rec);
        }
        Tensor idt = m.backend().fromLongs(ids, batch, len);
        m.forward(m.embed(idt), null, io.github.lxt4j.models.DecoderOptions.defaults());
        return rec;
    }

    @Test
    void expertsRunOnlyOnRoutedTokens() {
        Map<String, TensorData> ref = Fixtures.reference("mixtral-tiny");
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT32)) {
            long[] shape = ref.get("input_ids").shape();
            Recorder rec = forward(m, ref.get("input_ids").toLongs(), shape[0], shape[1]);
            assertEquals(2, rec.routings.size());
            int k = m.moeConfig().numExpertsPerTok();
            int experts = m.moeConfig().numLocalExperts();
            for (SparseMoeBlock.Routing r : rec.routings) {
                int n = r.tokens();
                assertEquals(shape[0] * shape[1], n);
                long total = 0;
                for (int e = 0; e < experts; e++) {
                    TreeSet<Long> expected = new TreeSet<>();
                    for (int t = 0; t < n; t++) {
                        if (inTopK(r.probabilities(), t, experts, k, e)) {
                            expected.add((long) t);
                        }
                    }
                    long[] want = expected.stream().mapToLong(Long::longValue).toArray();
                    long[] got = r.tokensPerExpert()[e].clone();
                    java.util.Arrays.sort(got);
                    assertArrayEquals(want, got, r.path() + " expert " + e + " tokens");
                    assertEquals(want.length, rec.ran.get(r.path())[e], r.path() + " expert " + e + " ran rows");
                    total += rec.ran.get(r.path())[e];
                }
                assertEquals((long) n * k, total, "each token runs through exactly k experts");
                assertTrue(total < (long) n * experts);
            }
        }
    }

    @Test
    void unusedExpertsDoNotRun() {
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT32)) {
            Recorder rec = forward(m, new long[] {5}, 1, 1); // one token: k = 2 of 4 experts
            for (SparseMoeBlock.Routing r : rec.routings) {
                long[] ran = rec.ran.get(r.path());
                int used = 0;
                for (int e = 0; e < ran.length; e++) {
                    assertTrue(ran[e] == 0 || ran[e] == 1);
                    used += (int) ran[e];
                }
                assertEquals(2, used, r.path());
            }
        }
    }

    private static boolean inTopK(double[] probs, int t, int experts, int k, int e) {
        int larger = 0;
        for (int j = 0; j < experts; j++) {
            if (probs[t * experts + j] > probs[t * experts + e]) {
                larger++;
            }
        }
        return larger < k;
    }
}
