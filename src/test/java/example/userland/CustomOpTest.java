package example.userland;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.rules.UnsupportedRuleException;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * An op written outside lxt4j's packages ({@link SquaredReluOp}) is recorded on the tape like the built-in ones: its
 * gradient against finite differences, its rules, a composite reaching it by kind name, by {@code OpKind.CUSTOM} and
 * by path, a rule it does not accept refused, and a user's rule with maths particular to it ({@link HalfRule}).
 */
class CustomOpTest {

    private static final Backend BE = Backends.djl();
    private static final double[] X = {-1.5, -0.25, 0.5, 2};
    private static final double[] W = {1, -2, 0.5, 1, 3, -1, 0.25, 2};

    /** Relevance of x through linear → squared ReLU, the output seeded with R = y. */
    private static double[] relevance(UnaryOperator<Var> act) {
        try (TensorScope s = TensorScope.open();
                Tape t = Tape.record()) {
            Var x = Var.leaf(BE.fromDoubles(X, DType.FLOAT64, 1, 4));
            Var h = LinearOp.apply(Site.of(OpKind.LINEAR, "m.fc"), x, BE.fromDoubles(W, DType.FLOAT64, 2, 4), null);
            Var y = act.apply(h);
            y.backward(y);
            return x.grad().toDoubleArray();
        }
    }

    private static double[] activation(Site site, double[] x, double[] seed) {
        try (TensorScope s = TensorScope.open();
                Tape t = Tape.record()) {
            Var v = Var.leaf(BE.fromDoubles(x, DType.FLOAT64, x.length));
            Var y = SquaredReluOp.apply(site, v);
            y.backward(BE.fromDoubles(seed, DType.FLOAT64, x.length));
            return v.grad().toDoubleArray();
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Site site = Site.custom("squared_relu", "act").setRule(new Rules.Gradient());
        double[] x = {-1, -0.3, 0.4, 1.7};
        double[] seed = {0.5, -1, 2, 3};
        double[] grad = activation(site, x, seed);
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6;
            double up = Math.pow(Math.max(x[i] + h, 0), 2);
            double down = Math.pow(Math.max(x[i] - h, 0), 2);
            assertEquals(seed[i] * (up - down) / (2 * h), grad[i], 1e-6, "x = " + x[i]);
        }
    }

    @Test
    void itsRulesFollowFromItsVjp() {
        double[] x = {-1, 0.5, 2};
        double[] r = {1, 2, 3};
        assertArrayEquals(r, activation(Site.custom("squared_relu", "a").setRule(new Rules.Identity()), x, r), 0);
        // ε: x ⊙ 2x ⊙ R / x² = 2R where x > 0; nothing where the output is 0
        assertArrayEquals(
                new double[] {0, 4, 6},
                activation(Site.custom("squared_relu", "a").setRule(new Rules.Epsilon(1e-12)), x, r),
                1e-9);
        assertArrayEquals(
                new double[] {0.5, 1, 1.5},
                activation(Site.custom("squared_relu", "a").setRule(new HalfRule()), x, r),
                0);
    }

    @Test
    void compositesReachItByKindNameByCustomKindAndByPath() {
        Site act = Site.custom("squared_relu", "m.act");
        UnaryOperator<Var> op = h -> SquaredReluOp.apply(act, h);
        double[] identity;
        try (Composite.Activation a = Composites.attnLrp()
                .toBuilderName("ref")
                .path("m.act", new Rules.Identity())
                .build()
                .activate()) {
            identity = relevance(op);
        }
        Composite byName = Composites.attnLrp()
                .toBuilderName("n")
                .kind("squared_relu", new Rules.Identity())
                .build();
        Composite byKind = Composites.attnLrp()
                .toBuilderName("k")
                .kind(OpKind.CUSTOM, new Rules.Identity())
                .build();
        Composite byPath = Composites.attnLrp()
                .toBuilderName("p")
                .kind("squared_relu", new Rules.Identity())
                .path("m.act", new Rules.StopRelevance())
                .build();
        try (Composite.Activation a = Composites.ATTN_LRP.activate()) {
            assertTrue(Math.abs(relevance(op)[0] - identity[0]) > 1e-3, "the presets leave a custom op to its site");
        }
        for (Composite c : new Composite[] {byName, byKind}) {
            try (Composite.Activation a = c.activate()) {
                assertArrayEquals(identity, relevance(op), 1e-12, c.name());
            }
        }
        try (Composite.Activation a = byPath.activate()) {
            assertThrows(IllegalStateException.class, () -> relevance(op), "nothing reaches x: it has no relevance");
        }
        double total = 0;
        for (double v : identity) {
            total += v;
        }
        assertTrue(Math.abs(total) > 1e-3, "relevance reached x through the custom op");
    }

    @Test
    void aRuleItDoesNotAcceptIsRefused() {
        Site site = Site.custom("squared_relu", "m.layers.1.act").setRule(new Rules.SoftmaxTaylor());
        UnsupportedRuleException e = assertThrows(
                UnsupportedRuleException.class, () -> activation(site, new double[] {1}, new double[] {1}));
        assertEquals(
                "rule softmax-taylor is not defined for op SquaredRelu at 'm.layers.1.act'; supported: Epsilon,"
                        + " Identity, StopRelevance, Gradient",
                e.getMessage());
    }

    @Test
    void aBuiltInOpRefusesTheUsersRuleWithItsOwnMaths() {
        Site add = Site.of(OpKind.ADD, "m.residual").setRule(new HalfRule());
        try (TensorScope s = TensorScope.open();
                Tape t = Tape.record()) {
            Tensor one = BE.fromDoubles(new double[] {1}, DType.FLOAT64, 1);
            Var a = Var.leaf(one);
            Var y = AddOp.apply(add, a, a);
            UnsupportedRuleException e = assertThrows(UnsupportedRuleException.class, () -> y.backward(y));
            assertTrue(
                    e.getMessage().startsWith("rule half is not defined for op Add at 'm.residual'"), e.getMessage());
        }
    }
}
