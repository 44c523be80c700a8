package io.github.lxt4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** RoPE frequency schedules against values worked out by hand from HF transformers' rope_utils definitions. */
class RopeScalingTest {

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.abs(expected), what);
    }

    /** Hand values carry five significant digits. */
    private static void hand(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-4 * Math.abs(expected), what);
    }

    @Test
    void defaultIsThetaToTheMinusTwoIOverDim() {
        double[] inv = RopeScaling.defaults(10000).inverseFrequencies(8, 100);
        // 10000^(-0/8), 10000^(-2/8) = 0.1, 10000^(-4/8) = 0.01, 10000^(-6/8) = 0.001
        close(1.0, inv[0], "i=0");
        close(0.1, inv[1], "i=1");
        close(0.01, inv[2], "i=2");
        close(0.001, inv[3], "i=3");
    }

    @Test
    void linearDividesEveryFrequencyByTheFactor() {
        double[] inv = RopeScaling.linear(10000, 4).inverseFrequencies(8, 100);
        close(0.25, inv[0], "i=0");
        close(0.025, inv[1], "i=1");
        close(0.00025, inv[3], "i=3");
    }

    @Test
    void dynamicRaisesTheBaseOnlyBeyondTheOriginalContext() {
        RopeScaling dyn = RopeScaling.dynamic(10000, 2, 16);
        close(0.1, dyn.inverseFrequencies(8, 16)[1], "within the original context: the default schedule");
        // seq 32: base = 10000 · (2·32/16 − 1)^(8/6) = 10000 · 3^(4/3) = 43267.487…; inv[1] = base^(-1/4)
        double base = 10000 * Math.pow(3, 4.0 / 3);
        close(Math.pow(base, -0.25), dyn.inverseFrequencies(8, 32)[1], "beyond it");
        hand(0.069336, dyn.inverseFrequencies(8, 32)[1], "hand value 43267.5^(-1/4)");
    }

    @Test
    void llama3KeepsHighFrequenciesScalesLowOnesAndSmoothsBetween() {
        // Llama 3.1: θ 500000, factor 8, low 1, high 4, original context 8192, head dim 128
        double[] inv = RopeScaling.llama3(500000, 8, 1, 4, 8192).inverseFrequencies(128, 10);
        close(1.0, inv[0], "wavelength 2π < 2048: unchanged");
        // i = 63: 500000^(-126/128) = 2.45514e-6, wavelength 2.56e6 > 8192: divided by 8
        close(Math.pow(500000, -126.0 / 128) / 8, inv[63], "low frequency");
        hand(3.0689e-7, inv[63], "hand value of the low frequency");
        // i = 32: 500000^(-64/128) = 1.41421e-3, wavelength 4442.88 lies in [2048, 8192]:
        // smooth = (8192 / 4442.88 − 1) / 3 = 0.281283; inv · ((1 − smooth)/8 + smooth) = inv · 0.371122
        double raw = Math.pow(500000, -0.5);
        double smooth = (8192 / (2 * Math.PI / raw) - 1) / 3;
        close(raw * ((1 - smooth) / 8 + smooth), inv[32], "medium frequency");
        hand(5.2485e-4, inv[32], "hand value of the medium frequency");
    }

    @Test
    void longropeDividesByTheShortFactorsUpToTheOriginalContextAndByTheLongOnesBeyond() {
        RopeScaling lr = RopeScaling.longrope(10000, new double[] {1, 2, 4, 8}, new double[] {2, 3, 5, 10}, 16, 1.0);
        // dim 8: θ^(-2i/8) = 1, 0.1, 0.01, 0.001, divided by the factor of frequency i
        double[] shortInv = lr.inverseFrequencies(8, 16);
        close(1.0, shortInv[0], "short i=0");
        close(0.05, shortInv[1], "short i=1: 0.1 / 2");
        close(0.0025, shortInv[2], "short i=2: 0.01 / 4");
        close(0.000125, shortInv[3], "short i=3: 0.001 / 8");
        double[] longInv = lr.inverseFrequencies(8, 17);
        close(0.5, longInv[0], "long i=0: 1 / 2");
        close(1.0 / 30, longInv[1], "long i=1: 0.1 / 3");
        close(0.002, longInv[2], "long i=2: 0.01 / 5");
        close(0.0001, longInv[3], "long i=3: 0.001 / 10");
        assertThrows(IllegalArgumentException.class, () -> lr.inverseFrequencies(10, 4), "5 frequencies, 4 factors");
        assertThrows(
                IllegalArgumentException.class,
                () -> RopeScaling.longrope(10000, new double[] {1, 2}, new double[] {1}, 16, 1.0));
    }

    @Test
    void longropeAttentionFactorIsTheSquareRootOfOnePlusLogRatio() {
        // Phi-3-mini-128k: 131072 / 4096 = 32 = 2^5, ln 32 / ln 4096 = 5/12, √(17/12) = 1.190238
        hand(1.190238, RopeScaling.longropeAttentionFactor(32, 4096), "factor 32 over 4096");
        // 8 / 16 would shrink the context: no scaling, and none at exactly 1
        assertEquals(1.0, RopeScaling.longropeAttentionFactor(0.5, 16), 0.0);
        assertEquals(1.0, RopeScaling.longropeAttentionFactor(1.0, 16), 0.0);
        assertEquals(1.0, RopeScaling.defaults(10000).attentionFactor(), 0.0);
    }

    @Test
    void rotaryTablesCarryTheAttentionFactorAtEveryLength() {
        RopeScaling lr = RopeScaling.longrope(10000, new double[] {1, 2}, new double[] {2, 3}, 4, 1.25);
        RotaryEmbedding rot = new RotaryEmbedding(4, lr);
        try (TensorScope s = TensorScope.open()) {
            for (long[] pos : new long[][] {{0, 1}, {0, 4, 5}}) {
                Tensor[] cs = rot.cosSin(new long[][] {pos}, Backends.djl(), DType.FLOAT64);
                double[] cos = cs[0].toDoubleArray();
                double[] sin = cs[1].toDoubleArray();
                // position 0: cos 1 and sin 0 before the factor, on all four dims
                for (int d = 0; d < 4; d++) {
                    assertEquals(1.25, cos[d], 1e-12, "cos at position 0");
                    assertEquals(0.0, sin[d], 1e-12, "sin at position 0");
                }
                // position 1 (of 2: short factors) has angle inv[0] = 1; position 5 (of 6 > 4: long) has 5 / 2
                double angle = pos.length == 2 ? 1.0 : 2.5;
                int last = (pos.length - 1) * 4;
                assertEquals(1.25 * Math.cos(angle), cos[last], 1e-7, "cos, frequency 0, last position");
                assertEquals(1.25 * Math.sin(angle), sin[last + 2], 1e-7, "sin, second half repeats the first");
            }
        }
    }
}
