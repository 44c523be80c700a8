package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.ConcatOp;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.autograd.ops.DivOp;
import io.github.lxt4j.autograd.ops.EmbeddingOp;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.IndexSelectOp;
import io.github.lxt4j.autograd.ops.LayerNormOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.MeanOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.NormalizeOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.RepeatInterleaveOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.autograd.ops.SubOp;
import io.github.lxt4j.autograd.ops.SumOp;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.ModifierRule;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.OpRule;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.rules.UnsupportedRuleException;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule is sealed with two open doors (LinearRule, OpRule), and every op either applies each kind of rule (finite
 * relevance that is not all zero, none at all under StopRelevance) or refuses it with an UnsupportedRuleException that
 * names the op, the site, the rule and the kinds it accepts, which must be exactly those it applied. An OpRule is
 * applied by every op. No other exception is allowed.
 */
class RuleCoverageTest {

    /** A user's OpRule: LRP-ε written by hand from the op's saved inputs, output and vector-Jacobian product. */
    static final OpRule HAND_EPSILON = OpRule.of("hand-epsilon", (op, r) -> {
        Tensor[] rel = op.vjp(r.divStabilized(op.output(), 1e-6));
        for (int i = 0; i < rel.length; i++) {
            rel[i] = rel[i] == null || op.input(i) == null ? null : rel[i].mul(op.input(i));
        }
        return rel;
    });

    /**
     * One value of every rule in Rules and of each open kind. A rule added to Rules or to Rule's permits fails
     * {@link #everyKindOfRuleHasAValue}.
     */
    private static final List<Rule> RULES = List.of(
            new Rules.Gradient(),
            new Rules.Epsilon(1e-6),
            new Rules.Identity(),
            new Rules.StopRelevance(),
            new Rules.Uniform(),
            new Rules.UniformEpsilon(1e-6),
            new Rules.SoftmaxTaylor(),
            new Rules.Gamma(0.25),
            new Rules.ZPlus(),
            new Rules.AlphaBeta(2, 1),
            new Rules.Flat(),
            new Rules.WSquare(),
            new Rules.ZBox(-1, 1),
            ModifierRule.builder("user-gamma")
                    .param((p, n) -> p.add(p.relu().mul(0.5)))
                    .build(),
            HAND_EPSILON);

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    @Test
    void everyKindOfRuleHasAValue() {
        assertTrue(Rule.class.isSealed());
        Set<Class<?>> permitted = Set.of(Rule.class.getPermittedSubclasses());
        for (Class<?> c : permitted) {
            assertTrue(RULES.stream().anyMatch(c::isInstance), "no value of " + c);
            if (c.isInterface()) {
                assertTrue(c == LinearRule.class || c == OpRule.class, c + " is one of the two open kinds");
                assertFalse(c.isSealed(), c + " is open");
            } else {
                assertTrue(c.isRecord() && c.getEnclosingClass() == Rules.class, c + " is a record in Rules");
            }
        }
        Set<Class<?>> inRules = RULES.stream().map(Object::getClass).collect(Collectors.toSet());
        for (Class<?> c : Rules.class.getDeclaredClasses()) {
            if (Rule.class.isAssignableFrom(c)) {
                assertTrue(inRules.contains(c), "no value of " + c);
            }
        }
    }

    /** The kind of a rule as the refusal lists it: the permitted class or interface it falls under. */
    private static String kindOf(Rule rule) {
        return Arrays.stream(Rule.class.getPermittedSubclasses())
                .filter(c -> c.isInstance(rule))
                .findFirst()
                .orElseThrow()
                .getSimpleName();
    }

    private record Case(String op, Function<Var[], Var> build, Nd... inputs) {}

    private static Site site(OpKind kind) {
        return Site.of(kind, "cover." + kind.name().toLowerCase());
    }

    private static List<Case> cases(Backend be) {
        Random rnd = new Random(3);
        Tensor w = Nd.random(rnd, 4, 5).tensor(be, DType.FLOAT64);
        Tensor b = Nd.random(rnd, 4).tensor(be, DType.FLOAT64);
        Tensor k = Nd.random(rnd, 3, 2, 3, 3).tensor(be, DType.FLOAT64);
        Tensor norm = Nd.random(rnd, 5).tensor(be, DType.FLOAT64);
        Tensor cos = Reference.map(Nd.random(rnd, 1, 3, 4), Math::cos).tensor(be, DType.FLOAT64);
        Tensor sin = Reference.map(Nd.random(rnd, 1, 3, 4), Math::sin).tensor(be, DType.FLOAT64);
        Tensor ids = be.fromLongs(new long[] {3, 0, 3, 1}, 2, 2);
        Tensor idx = be.fromLongs(new long[] {0, 2, 2, 1, 0, 1}, 2, 3);
        Nd x = Nd.random(rnd, 2, 5);
        Nd y = Nd.random(rnd, 2, 5);
        Nd pos = Reference.map(Nd.random(rnd, 2, 5), v -> 0.5 + Math.abs(v));
        return List.of(
                new Case("Linear", in -> LinearOp.apply(site(OpKind.LINEAR), in[0], w, b), x),
                new Case(
                        "Conv2d",
                        in -> Conv2dOp.apply(site(OpKind.CONV2D), in[0], k, null, 1, 1),
                        Nd.random(rnd, 1, 2, 4, 4)),
                new Case("MatMul", in -> MatMulOp.apply(site(OpKind.MATMUL), in[0], in[1]), x, Nd.random(rnd, 5, 3)),
                new Case("Add", in -> AddOp.apply(site(OpKind.ADD), in[0], in[1]), x, y),
                new Case("Sub", in -> SubOp.apply(site(OpKind.SUB), in[0], in[1]), x, y),
                new Case("Mul", in -> MulOp.apply(site(OpKind.MUL), in[0], in[1]), x, y),
                new Case("Div", in -> DivOp.apply(site(OpKind.DIV), in[0], in[1]), x, pos),
                new Case("Scale", in -> ScaleOp.apply(site(OpKind.SCALE), in[0], 0.5), x),
                new Case("Sum", in -> SumOp.apply(site(OpKind.SUM), in[0], 1, false), x),
                new Case("Mean", in -> MeanOp.apply(site(OpKind.MEAN), in[0], 1, true), x),
                new Case("Softmax", in -> SoftmaxOp.apply(site(OpKind.SOFTMAX), in[0], -1), x),
                new Case("RmsNorm", in -> RmsNormOp.apply(site(OpKind.RMS_NORM), in[0], norm, 1e-6), x),
                new Case("LayerNorm", in -> LayerNormOp.apply(site(OpKind.LAYER_NORM), in[0], norm, null, 1e-5), x),
                new Case("Normalize", in -> NormalizeOp.apply(site(OpKind.NORMALIZE), in[0], -1), x),
                new Case("Rope", in -> RopeOp.apply(site(OpKind.ROPE), in[0], cos, sin), Nd.random(rnd, 2, 3, 4)),
                new Case("silu", in -> ActivationOp.apply(site(OpKind.ACTIVATION), in[0], Activation.SILU), x),
                new Case(
                        "Embedding", in -> EmbeddingOp.apply(site(OpKind.EMBEDDING), in[0], ids), Nd.random(rnd, 4, 3)),
                new Case("Reshape", in -> ReshapeOp.apply(in[0], 5, 2), x),
                new Case("Permute", in -> PermuteOp.transpose(in[0], 0, 1), x),
                new Case("Slice", in -> SliceOp.apply(in[0], 1, 1, 4), x),
                new Case("Concat", in -> ConcatOp.apply(List.of(in[0], in[1]), 0), x, y),
                new Case("RepeatInterleave", in -> RepeatInterleaveOp.apply(in[0], 0, 2), x),
                new Case("Gather", in -> GatherOp.apply(in[0], 1, idx), x),
                new Case("IndexSelect", in -> IndexSelectOp.apply(in[0], 1, 4, 0), x));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyOpAppliesOrRefusesEveryRule(Backend be) {
        try (TensorScope scope = TensorScope.open()) {
            for (Case c : cases(be)) {
                Set<String> applied = new TreeSet<>();
                Set<String> named = null;
                for (Rule rule : RULES) {
                    try {
                        double[][] rel = run(be, c, rule);
                        applied.add(kindOf(rule));
                        check(c.op(), rule, rel);
                    } catch (UnsupportedRuleException e) {
                        String m = e.getMessage();
                        assertTrue(m.contains("op " + c.op() + " at '") && m.contains(rule.describe()), m);
                        Set<String> listed = new TreeSet<>(
                                Arrays.asList(m.substring(m.indexOf("supported: ") + "supported: ".length())
                                        .split(", ")));
                        assertTrue(named == null || named.equals(listed), c.op() + " lists different rules: " + m);
                        named = listed;
                        assertFalse(listed.contains(kindOf(rule)), m);
                    } catch (RuntimeException e) {
                        fail(c.op() + " under " + rule.describe() + " threw " + e, e);
                    }
                }
                assertTrue(
                        applied.containsAll(List.of("Gradient", "StopRelevance", "OpRule")), c.op() + ": " + applied);
                applied.remove("OpRule");
                if (named != null) {
                    assertEquals(named, applied, c.op() + ": the rules named as supported are those applied");
                }
            }
        }
    }

    private static double[][] run(Backend be, Case c, Rule rule) {
        Composite only =
                Composite.builder("only " + rule.describe()).fallback(rule).build();
        try (TensorScope s = TensorScope.open();
                Composite.Activation a = only.activate();
                Tape tape = Tape.record()) {
            Var[] leaves = new Var[c.inputs().length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = Var.leaf(c.inputs()[i].tensor(be, DType.FLOAT64));
            }
            Var out = c.build().apply(leaves);
            out.backward(Nd.random(new Random(8), Nd.of(out.value()).s).tensor(be, DType.FLOAT64));
            double[][] rel = new double[leaves.length][];
            for (int i = 0; i < leaves.length; i++) {
                rel[i] = leaves[i].hasGrad() ? leaves[i].grad().toDoubleArray() : null;
            }
            return rel;
        }
    }

    private static void check(String op, Rule rule, double[][] rel) {
        String what = op + " under " + rule.describe();
        if (rule instanceof Rules.StopRelevance) {
            for (double[] r : rel) {
                assertEquals(null, r, what + " must hand no relevance back");
            }
            return;
        }
        double total = 0;
        for (double[] r : rel) {
            if (r != null) {
                for (double v : r) {
                    assertTrue(Double.isFinite(v), what + ": non-finite relevance " + Arrays.toString(r));
                    total += Math.abs(v);
                }
            }
        }
        assertTrue(total > 1e-6, what + ": no relevance reached the inputs");
    }

    @Test
    void theUnsupportedMessageNamesOpSiteRuleAndAlternatives() {
        Backend be = TestBackends.all().get(0);
        try (TensorScope scope = TensorScope.open()) {
            Case sum = cases(be).stream()
                    .filter(c -> c.op().equals("Sum"))
                    .findFirst()
                    .orElseThrow();
            UnsupportedRuleException e =
                    assertThrows(UnsupportedRuleException.class, () -> run(be, sum, new Rules.Identity()));
            assertEquals(
                    "rule identity is not defined for op Sum at 'cover.sum'; supported: Epsilon, StopRelevance, "
                            + "Gradient",
                    e.getMessage());
        }
    }
}
