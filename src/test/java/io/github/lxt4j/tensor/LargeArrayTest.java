package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An array of more than 2 GiB (a 262k-token vocabulary × 2560 in float32, say) cannot go through one Java direct
 * buffer: DJL's backend builds it in pieces. Checked on 600M floats (2.4 GB), element values at the piece edges.
 */
class LargeArrayTest {

    @Test
    void floatArraysPastTwoGibibytesAreCreatedWhole() {
        int rows = 300_000;
        int cols = 2_000;
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i += 997) {
            data[i] = i % 1000;
        }
        Backend djl = Backends.djl();
        try (TensorScope s = TensorScope.open()) {
            Tensor t = djl.fromFloats(data, DType.FLOAT32, rows, cols);
            assertArrayEquals(new long[] {rows, cols}, t.shape());
            int edge = 1 << 27;
            for (int i : new int[] {0, edge - 997 - (edge - 997) % 997, edge + 997 - edge % 997, data.length - 1}) {
                int r = i / cols;
                int c = i % cols;
                assertEquals(data[i], t.slice(0, r, r + 1).slice(1, c, c + 1).toFloatArray()[0], 0.0, "element " + i);
            }
            assertEquals(sum(data), t.sumAll().toDoubleArray()[0], 1e-3 * sum(data));
        }
    }

    private static double sum(float[] data) {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s;
    }
}
