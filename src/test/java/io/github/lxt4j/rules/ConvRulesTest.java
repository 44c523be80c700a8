package io.github.lxt4j.rules;

import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.Reference;
import io.github.lxt4j.autograd.TestBackends;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every linear rule on Conv2d equals the same rule on the convolution written out as a dense matrix (built in plain
 * Java, padded taps left out), with the bias repeated over positions. Flat uses the 0/1 tap structure.
 */
class ConvRulesTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyRuleMatchesTheDenseEquivalent(Backend be) {
        Random rnd = new Random(3);
        int[][] configs = {{3, 3, 1, 1, 1}, {3, 3, 2, 2, 1}, {2, 2, 2, 2, 0}, {3, 2, 1, 2, 0}}; // kh, kw, sh/sw, pad
        for (int[] c : configs) {
            int kh = c[0];
            int kw = c[1];
            int sh = c[2];
            int sw = c[3];
            int pad = c[4];
            int[] xs = {1, 2, 5, 5};
            Nd x = Nd.random(rnd, xs);
            Nd w = Nd.random(rnd, 3, 2, kh, kw);
            Nd bias = Nd.random(rnd, 3);
            Nd m = Reference.convMatrix(xs, w, sh, sw, pad, pad, false);
            Nd structure = Reference.convMatrix(xs, w, sh, sw, pad, pad, true);
            int rows = m.s[0];
            int positions = rows / 3;
            double[] denseBias = new double[rows];
            for (int j = 0; j < rows; j++) {
                denseBias[j] = bias.d[j / positions];
            }
            double[] r = Nd.random(rnd, rows).d;
            String cfg = java.util.Arrays.toString(c);
            Object[][] cases = {
                {new Rules.Epsilon(1e-9), DenseRuleFormulas.epsilon(x.d, m, denseBias, r, 1e-9)},
                {new Rules.Gamma(0.25), DenseRuleFormulas.gamma(x.d, m, denseBias, r, 0.25, 1e-6)},
                {new Rules.ZPlus(), DenseRuleFormulas.alphaBeta(x.d, m, denseBias, r, 1, 0, 1e-6)},
                {new Rules.AlphaBeta(2, 1), DenseRuleFormulas.alphaBeta(x.d, m, denseBias, r, 2, 1, 1e-6)},
                {new Rules.Flat(), DenseRuleFormulas.redistribute(structure, null, r, 1e-6)},
                {
                    new Rules.WSquare(),
                    DenseRuleFormulas.redistribute(
                            DenseRuleFormulas.squared(m), DenseRuleFormulas.squared(denseBias), r, 1e-6)
                },
                {new Rules.ZBox(-1, 1), DenseRuleFormulas.zBox(x.d, m, r, -1, 1, 1e-6)},
            };
            for (Object[] cs : cases) {
                Rule rule = (Rule) cs[0];
                double[] got = conv(be, rule, x, w, bias, sh, sw, pad, r);
                LinearRulesTest.check((double[]) cs[1], got, rule.describe() + " conv " + cfg);
            }
            // Gradient: Mᵀ R
            double[] grad = new double[x.size()];
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < grad.length; i++) {
                    grad[i] += m.get(j, i) * r[j];
                }
            }
            LinearRulesTest.check(grad, conv(be, new Rules.Gradient(), x, w, bias, sh, sw, pad, r), "gradient " + cfg);
        }
    }

    private static double[] conv(Backend be, Rule rule, Nd x, Nd w, Nd b, int sh, int sw, int pad, double[] r) {
        Site site = Site.of(OpKind.CONV2D, "conv").setRule(rule);
        try (TensorScope s = TensorScope.open()) {
            Tensor wt = w.tensor(be, DType.FLOAT64);
            Tensor bt = b.tensor(be, DType.FLOAT64);
            return Lrp.run(be, in -> Conv2dOp.apply(site, in[0], wt, bt, sh, sw, pad, pad), r, x)[0];
        }
    }
}
