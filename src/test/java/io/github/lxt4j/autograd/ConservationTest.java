package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
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
 * A bias-free chain of ε-linear, identity (RMSNorm, SiLU) and uniform (gate ⊙ up, both factors on the chain) ops
 * conserves Σ relevance; with a biased layer the conservation report flags exactly that layer.
 */
class ConservationTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    private static Site site(OpKind kind, String path, Rule rule) {
        return Site.of(kind, path).setRule(rule);
    }

    private record Run(double inputTotal, double outputTotal, ConservationReport report) {}

    private static Run run(Backend be, boolean biasedDown) {
        Random rnd = new Random(21);
        Rule eps = new Rules.Epsilon(1e-12);
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record().trackConservation()) {
            Tensor w1 = Nd.random(rnd, 8, 6).tensor(be, DType.FLOAT64);
            Tensor norm = Nd.random(rnd, 8).tensor(be, DType.FLOAT64);
            Tensor wg = Nd.random(rnd, 8, 8).tensor(be, DType.FLOAT64);
            Tensor wu = Nd.random(rnd, 8, 8).tensor(be, DType.FLOAT64);
            Tensor wd = Nd.random(rnd, 4, 8).tensor(be, DType.FLOAT64);
            Tensor bd = biasedDown ? Nd.random(rnd, 4).tensor(be, DType.FLOAT64) : null;
            Var x = Var.leaf(Nd.random(rnd, 2, 6).tensor(be, DType.FLOAT64));
            Var h = LinearOp.apply(site(OpKind.LINEAR, "chain.in_proj", eps), x, w1, null);
            Var n = RmsNormOp.apply(site(OpKind.RMS_NORM, "chain.norm", new Rules.Identity()), h, norm, 1e-6);
            Var gate = ActivationOp.apply(
                    site(OpKind.ACTIVATION, "chain.gate_act", new Rules.Identity()),
                    LinearOp.apply(site(OpKind.LINEAR, "chain.gate_proj", eps), n, wg, null),
                    Activation.SILU);
            Var up = LinearOp.apply(site(OpKind.LINEAR, "chain.up_proj", eps), n, wu, null);
            Var m = MulOp.apply(site(OpKind.MUL, "chain.gate_mul", new Rules.Uniform()), gate, up);
            Var y = LinearOp.apply(site(OpKind.LINEAR, "chain.down_proj", eps), m, wd, bd);
            y.backward(y);
            return new Run(x.grad().sumAll().item(), y.value().sumAll().item(), tape.conservationReport());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void biasFreeChainConserves(Backend be) {
        Run r = run(be, false);
        assertEquals(
                r.outputTotal(),
                r.inputTotal(),
                1e-6 * Math.abs(r.outputTotal()),
                r.report().toString());
        assertEquals(7, r.report().entries().size(), r.report().toString());
        assertTrue(r.report().violations(1e-6).isEmpty(), r.report().toString());
        assertTrue(Math.abs(r.outputTotal()) > 1e-3, "a trivial output would make the check void");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reportFlagsExactlyTheBiasedLayer(Backend be) {
        Run r = run(be, true);
        List<ConservationReport.Entry> bad = r.report().violations(1e-6);
        assertEquals(1, bad.size(), r.report().toString());
        assertEquals("chain.down_proj", bad.get(0).site());
        assertEquals("Linear", bad.get(0).op());
        assertTrue(
                Math.abs(r.inputTotal() - r.outputTotal()) > 1e-3 * Math.abs(r.outputTotal()),
                "the bias should absorb a visible share");
        // what the biased layer lost is what the input is missing: the other ops conserve
        ConservationReport.Entry e = bad.get(0);
        assertEquals(e.relevanceIn(), r.inputTotal(), 1e-6 * Math.abs(r.outputTotal()));
    }
}
