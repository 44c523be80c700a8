package io.github.lxt4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LayerNorm module: torch's formula worked by hand, with and without γ and β, and its one site. */
class LayerNormTest {

    @Test
    void normalisesTheLastAxisThenScalesAndShifts() {
        Backend be = Backends.djl();
        try (TensorScope s = TensorScope.open()) {
            // x = [1, 2, 4]: mean 7/3, centred [−4/3, −1/3, 5/3], var 14/9, 1/σ = 3/√14 (eps 0)
            Var x = Var.constant(be.fromDoubles(new double[] {1, 2, 4, 3, 3, 6}, DType.FLOAT64, 2, 3));
            LayerNorm ln = new LayerNorm(
                    "enc.ln",
                    be.fromDoubles(new double[] {1, 2, -1}, DType.FLOAT64, 3),
                    be.fromDoubles(new double[] {0.5, 0, 0}, DType.FLOAT64, 3),
                    0);
            double c = 3 / Math.sqrt(14);
            // second row [3, 3, 6]: mean 4, centred [−1, −1, 2], var 2, 1/σ = 1/√2
            double d = 1 / Math.sqrt(2);
            assertArrayEquals(
                    new double[] {-4.0 / 3 * c + 0.5, -2.0 / 3 * c, -5.0 / 3 * c, -d + 0.5, -2 * d, -2 * d},
                    ln.forward(x).value().toDoubleArray(),
                    1e-12);

            LayerNorm plain = new LayerNorm("plain", null, null, 1.0);
            // eps 1 on the second row: 1/sqrt(2 + 1)
            double e = 1 / Math.sqrt(3);
            double[] y = plain.forward(x).value().toDoubleArray();
            assertArrayEquals(new double[] {-e, -e, 2 * e}, Arrays.copyOfRange(y, 3, 6), 1e-12);
        }
    }

    @Test
    void hasOneLayerNormSiteAtItsPath() {
        LayerNorm ln = new LayerNorm("transformer.h.0.ln_1", null, null, 1e-5);
        List<Site> sites = ln.sites();
        assertEquals(1, sites.size());
        assertEquals("transformer.h.0.ln_1", sites.get(0).path());
        assertEquals(OpKind.LAYER_NORM, sites.get(0).kind());
    }
}
