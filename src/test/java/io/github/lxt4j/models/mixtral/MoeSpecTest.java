package io.github.lxt4j.models.mixtral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link SparseMoeBlock} built from a {@link MoeSpec}: the expert names it reads and its output with and without
 * renormalised routing weights, against the block written out by hand in double precision.
 */
class MoeSpecTest {

    private static final int E = 5;
    private static final int K = 2;
    private static final int H = 6;
    private static final int F = 4;
    private static final int N = 7;
    private static final RandomWeights WEIGHTS = new RandomWeights(11, 1.0);
    private static final Backend BACKEND = Backends.djl();

    private static MoeSpec spec(boolean renormalize) {
        return new MoeSpec(
                E, K, H, F, Activation.SILU, renormalize, "num_experts", "gate_proj", "up_proj", "down_proj");
    }

    private static double[] weight(String key, long... shape) {
        return WEIGHTS.load(key, shape, BACKEND, DType.FLOAT64).toDoubleArray();
    }

    /** y = W x for W [out, in]. */
    private static double[] apply(double[] w, double[] x, int out, int in) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                y[o] += w[o * in + i] * x[i];
            }
        }
        return y;
    }

    /** The block on one token, as HF's Qwen3-MoE writes it. */
    private static double[] byHand(double[] x, boolean renormalize) {
        double[] logits = apply(weight("moe.gate.weight", E, H), x, E, H);
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[E];
        double z = 0;
        for (int e = 0; e < E; e++) {
            p[e] = Math.exp(logits[e] - max);
            z += p[e];
        }
        int[] top = new int[K];
        boolean[] taken = new boolean[E];
        double sel = 0;
        for (int j = 0; j < K; j++) {
            int best = -1;
            for (int e = 0; e < E; e++) {
                if (!taken[e] && (best < 0 || p[e] > p[best])) {
                    best = e;
                }
            }
            taken[best] = true;
            top[j] = best;
            sel += p[best] / z;
        }
        double[] y = new double[H];
        for (int e : top) {
            String at = "moe.experts." + e + ".";
            double[] g = apply(weight(at + "gate_proj.weight", F, H), x, F, H);
            double[] u = apply(weight(at + "up_proj.weight", F, H), x, F, H);
            double[] a = new double[F];
            for (int i = 0; i < F; i++) {
                a[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
            }
            double[] d = apply(weight(at + "down_proj.weight", H, F), a, H, F);
            double w = p[e] / z / (renormalize ? sel : 1);
            for (int i = 0; i < H; i++) {
                y[i] += w * d[i];
            }
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void outputEqualsTheBlockByHand(boolean renormalize) {
        double[] x = new double[N * H];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        try (TensorScope s = TensorScope.open()) {
            SparseMoeBlock block = new SparseMoeBlock(
                    "moe", spec(renormalize), new WeightSource(WEIGHTS, BACKEND, DType.FLOAT64, s), 0);
            assertEquals(renormalize, block.renormalizes());
            double[] y = block.forward(Var.constant(BACKEND.fromDoubles(x, DType.FLOAT64, 1, N, H)))
                    .value()
                    .toDoubleArray();
            double worst = 0;
            for (int t = 0; t < N; t++) {
                double[] xt = new double[H];
                System.arraycopy(x, t * H, xt, 0, H);
                double[] want = byHand(xt, renormalize);
                for (int i = 0; i < H; i++) {
                    worst = Math.max(worst, Math.abs(y[t * H + i] - want[i]));
                }
            }
            assertTrue(worst < 1e-12, "max |block - by hand| = " + worst);
        }
    }

    @Test
    void withoutRenormalisationTheBlockHasNoRenormSite() {
        try (TensorScope s = TensorScope.open()) {
            SparseMoeBlock plain =
                    new SparseMoeBlock("moe", spec(false), new WeightSource(WEIGHTS, BACKEND, DType.FLOAT32, s), 0);
            SparseMoeBlock renorm =
                    new SparseMoeBlock("moe", spec(true), new WeightSource(WEIGHTS, BACKEND, DType.FLOAT32, s), 0);
            assertFalse(plain.sites().stream().map(Site::path).anyMatch(p -> p.endsWith("routing_renorm")));
            assertTrue(renorm.sites().stream().map(Site::path).anyMatch(p -> p.equals("moe.routing_renorm")));
        }
    }

    @Test
    void aMissingExpertNamesTheSpecsFieldAndLayout() {
        try (TensorScope s = TensorScope.open()) {
            MissingExpertException e = assertThrows(
                    MissingExpertException.class,
                    () -> new SparseMoeBlock(
                            "moe",
                            spec(true),
                            new WeightSource(
                                    WEIGHTS.without("moe.experts.3.up_proj.weight"), BACKEND, DType.FLOAT32, s),
                            7));
            assertEquals("moe.experts.3.up_proj.weight", e.key());
            assertTrue(
                    e.getMessage().contains("layer 7")
                            && e.getMessage().contains("num_experts = 5")
                            && e.getMessage().contains("experts.E.gate_proj/up_proj/down_proj"),
                    e.getMessage());
        }
    }

    @Test
    void specRefusesATopKOutsideTheExperts() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new MoeSpec(4, 5, H, F, Activation.SILU, true, "num_experts", "a", "b", "c"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MoeSpec(4, 0, H, F, Activation.SILU, true, "num_experts", "a", "b", "c"));
    }
}
