package io.github.lxt4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.TestBackends;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ModifierRule}, zennit's BasicHook for linear-type ops, written as a user would: a one-branch γ⁺ rule
 * against the formula worked by hand, zennit's generalized Gamma against {@link Rules.Gamma} on dense and conv layers,
 * the unmodified rule against ε on a matmul, and a refusal by an op that is not linear.
 */
class ModifierRuleTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    /** zennit's generalized Gamma, from the modifiers alone: what a user writes to port it. */
    static LinearRule userGamma(double gamma) {
        ModifierRule.ParamModifier up = (p, name) -> p.add(p.relu().mul(gamma));
        ModifierRule.ParamModifier down =
                (p, name) -> p.add(p.neg().relu().neg().mul(gamma));
        ModifierRule.ParamModifier downWeight = (p, name) -> name.equals("bias") ? null : down.apply(p, name);
        ModifierRule.ParamModifier upWeight = (p, name) -> name.equals("bias") ? null : up.apply(p, name);
        ModifierRule.InputModifier pos = Tensor::relu;
        ModifierRule.InputModifier neg = x -> x.neg().relu().neg();
        return ModifierRule.builder("user-gamma(" + gamma + ")")
                .branch(pos, up)
                .branch(neg, downWeight) // z > 0: x⁺ through W⁺γ, x⁻ through W⁻γ, b + γb⁺
                .branch(pos, down)
                .branch(neg, upWeight) // z < 0: the roles swap, b + γb⁻
                .gradientMapper((r, out, layer) -> {
                    Tensor zero = r.zerosLike();
                    Tensor sPos = r.where(layer.output().gt(0), zero)
                            .divStabilized(out.get(0).add(out.get(1)), 1e-6);
                    Tensor sNeg = r.where(layer.output().lt(0), zero)
                            .divStabilized(out.get(2).add(out.get(3)), 1e-6);
                    return List.of(sPos, sPos, sNeg, sNeg);
                })
                .build();
    }

    private static double[] linear(Backend be, Rule rule, Nd x, Nd w, double[] b, double[] r) {
        Site site = Site.of(OpKind.LINEAR, "lin").setRule(rule);
        try (TensorScope s = TensorScope.open()) {
            Tensor wt = w.tensor(be, DType.FLOAT64);
            Tensor bt = b == null ? null : be.fromDoubles(b, DType.FLOAT64, b.length);
            return Lrp.run(be, in -> LinearOp.apply(site, in[0], wt, bt), r, x)[0];
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oneBranchGammaPlusByHand(Backend be) {
        // W = [[1, −1], [2, 0.5]], x = [1, 2], γ = 0.5: W' = W + γW⁺ = [[1.5, −1], [3, 0.75]]
        // z' = [1.5 − 2, 3 + 1.5] = [−0.5, 4.5]; R = [1, 3]; s = R/z' = [−2, 2/3]
        // R_x1 = 1·(1.5·(−2) + 3·2/3) = −1;  R_x2 = 2·(−1·(−2) + 0.75·2/3) = 5
        LinearRule gammaPlus = ModifierRule.builder("gamma+")
                .param((p, n) -> p.add(p.relu().mul(0.5)))
                .stabilizer(1e-12)
                .build();
        double[] got = linear(
                be,
                gammaPlus,
                new Nd(new double[] {1, 2}, 1, 2),
                new Nd(new double[] {1, -1, 2, 0.5}, 2, 2),
                null,
                new double[] {1, 3});
        assertArrayEquals(new double[] {-1, 5}, got, 1e-9);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void zennitGammaWrittenByAUserEqualsRulesGamma(Backend be) {
        Random rnd = new Random(11);
        Nd x = Nd.random(rnd, 3, 6);
        Nd w = Nd.random(rnd, 5, 6);
        double[] b = Nd.random(rnd, 5).d;
        double[] r = Nd.random(rnd, 15).d;
        for (double gamma : new double[] {0, 0.05, 0.25, 1}) {
            assertArrayEquals(
                    linear(be, new Rules.Gamma(gamma), x, w, b, r),
                    linear(be, userGamma(gamma), x, w, b, r),
                    1e-12,
                    "dense, gamma " + gamma);
            assertArrayEquals(
                    linear(be, new Rules.Gamma(gamma), x, w, null, r),
                    linear(be, userGamma(gamma), x, w, null, r),
                    1e-12,
                    "dense without bias, gamma " + gamma);
        }
        Nd img = Nd.random(rnd, 1, 2, 5, 5);
        try (TensorScope s = TensorScope.open()) {
            Tensor k = Nd.random(rnd, 3, 2, 3, 3).tensor(be, DType.FLOAT64);
            Tensor kb = Nd.random(rnd, 3).tensor(be, DType.FLOAT64);
            double[] seed = Nd.random(rnd, 3 * 25).d;
            double[][] byRule = new double[2][];
            Rule[] rules = {new Rules.Gamma(0.25), userGamma(0.25)};
            for (int i = 0; i < 2; i++) {
                Site site = Site.of(OpKind.CONV2D, "conv").setRule(rules[i]);
                byRule[i] = Lrp.run(be, in -> Conv2dOp.apply(site, in[0], k, kb, 1, 1), seed, img)[0];
            }
            assertArrayEquals(byRule[0], byRule[1], 1e-12, "conv");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theUnmodifiedRuleIsEpsilonOnEachMatMulOperand(Backend be) {
        Random rnd = new Random(5);
        Nd a = Nd.random(rnd, 2, 3, 4);
        Nd bm = Nd.random(rnd, 4, 5);
        double[] r = Nd.random(rnd, 30).d;
        LinearRule plain = ModifierRule.builder("plain").stabilizer(1e-9).build();
        double[][] eps = matmul(be, new Rules.Epsilon(1e-9), a, bm, r);
        double[][] mod = matmul(be, plain, a, bm, r);
        assertArrayEquals(eps[0], mod[0], 1e-12, "a");
        assertArrayEquals(eps[1], mod[1], 1e-12, "b, broadcast over a's batch");
        double[][] gamma = matmul(be, new Rules.Gamma(0.25), a, bm, r);
        assertTrue(gamma[0] != null && gamma[1] != null, "Gamma reaches both operands of a matmul");
    }

    private static double[][] matmul(Backend be, Rule rule, Nd a, Nd b, double[] r) {
        Site site = Site.of(OpKind.MATMUL, "mm").setRule(rule);
        return Lrp.run(be, in -> MatMulOp.apply(site, in[0], in[1]), r, a, b);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anOpThatIsNotLinearRefusesIt(Backend be) {
        Site site = Site.of(OpKind.SOFTMAX, "attn.softmax").setRule(userGamma(0.25));
        UnsupportedRuleException e = assertThrows(
                UnsupportedRuleException.class,
                () -> Lrp.run(
                        be,
                        in -> SoftmaxOp.apply(site, in[0], -1),
                        new double[] {1, 2, 3},
                        new Nd(new double[] {1, 2, 3}, 1, 3)));
        assertTrue(
                e.getMessage().contains("user-gamma(0.25) is not defined for op Softmax at 'attn.softmax'"),
                e.getMessage());
    }
}
