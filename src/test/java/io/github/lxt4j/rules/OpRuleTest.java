package io.github.lxt4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.TestBackends;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.SumOp;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OpRule}, the general rule: LRP-ε written by hand from what the op shows ({@code vjp}, inputs, output) equals
 * {@link Rules.Epsilon} on ops whose ε uses their exact Jacobian; a structural op routes R back unchanged; the context
 * names the op and its site.
 */
class OpRuleTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    static final OpRule HAND_EPSILON = OpRule.of("hand-epsilon", (op, r) -> {
        Tensor[] rel = op.vjp(r.divStabilized(op.output(), 1e-9));
        for (int i = 0; i < rel.length; i++) {
            rel[i] = rel[i] == null || op.input(i) == null ? null : rel[i].mul(op.input(i));
        }
        return rel;
    });

    @ParameterizedTest
    @MethodSource("backends")
    void epsilonByHandEqualsTheEpsilonRule(Backend be) {
        Random rnd = new Random(2);
        Nd x = Nd.random(rnd, 2, 4);
        Nd y = Nd.random(rnd, 2, 4);
        try (TensorScope s = TensorScope.open()) {
            Tensor w = Nd.random(rnd, 3, 4).tensor(be, DType.FLOAT64);
            Tensor b = Nd.random(rnd, 3).tensor(be, DType.FLOAT64);
            List<Case> cases = List.of(
                    new Case(OpKind.LINEAR, (st, in) -> LinearOp.apply(st, in[0], w, b), x),
                    new Case(OpKind.ADD, (st, in) -> AddOp.apply(st, in[0], in[1]), x, y),
                    new Case(OpKind.MUL, (st, in) -> MulOp.apply(st, in[0], in[1]), x, y),
                    new Case(
                            OpKind.MATMUL,
                            (st, in) -> MatMulOp.apply(st, in[0], PermuteOp.transpose(in[1], 0, 1)),
                            x,
                            y),
                    new Case(OpKind.SUM, (st, in) -> SumOp.apply(st, in[0], 1, false), x));
            for (Case c : cases) {
                Site eps = Site.of(c.kind(), "op").setRule(new Rules.Epsilon(1e-9));
                Site hand = Site.of(c.kind(), "op").setRule(HAND_EPSILON);
                double[][] byRule = run(be, in -> c.op().apply(eps, in), c.inputs());
                double[][] byHand = run(be, in -> c.op().apply(hand, in), c.inputs());
                for (int i = 0; i < c.inputs().length; i++) {
                    assertArrayEquals(byRule[i], byHand[i], 1e-12, c.kind() + " input " + i);
                }
            }
        }
    }

    private record Case(OpKind kind, BiFunction<Site, Var[], Var> op, Nd... inputs) {}

    @ParameterizedTest
    @MethodSource("backends")
    void aStructuralOpRoutesRelevanceUnchanged(Backend be) {
        Composite all = Composite.builder("hand").fallback(HAND_EPSILON).build();
        Nd x = new Nd(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        try (Composite.Activation a = all.activate()) {
            double[] r = Lrp.run(be, in -> PermuteOp.transpose(in[0], 0, 1), new double[] {1, 2, 3, 4, 5, 6}, x)[0];
            assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, r, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theContextNamesOpSiteAndInputs(Backend be) {
        String[] seen = new String[1];
        OpRule spy = OpRule.of("spy", (op, r) -> {
            seen[0] = op.op() + " at " + op.site() + ", " + op.arity() + " inputs";
            return new Tensor[] {r, r};
        });
        Site site = Site.of(OpKind.ADD, "block.residual").setRule(spy);
        Nd x = new Nd(new double[] {1, 2}, 1, 2);
        double[][] rel = Lrp.run(be, in -> AddOp.apply(site, in[0], in[1]), new double[] {3, 4}, x, x);
        assertEquals("Add at block.residual, 2 inputs", seen[0]);
        assertArrayEquals(new double[] {3, 4}, rel[0], 0);
        assertArrayEquals(new double[] {3, 4}, rel[1], 0);
    }

    private static double[][] run(Backend be, Function<Var[], Var> f, Nd... inputs) {
        double[] seed = Nd.random(new Random(9), outSize(be, f, inputs)).d;
        return Lrp.run(be, f, seed, inputs);
    }

    private static int outSize(Backend be, Function<Var[], Var> f, Nd... inputs) {
        try (TensorScope s = TensorScope.open()) {
            Var[] vs = new Var[inputs.length];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = Var.constant(inputs[i].tensor(be, DType.FLOAT64));
            }
            return (int) f.apply(vs).value().numel();
        }
    }
}
