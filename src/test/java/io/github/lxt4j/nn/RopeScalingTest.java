package io.github.lxt4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
