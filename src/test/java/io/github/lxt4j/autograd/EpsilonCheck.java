package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Random;

/**
 * Checks an ε rule in float64 against its definition, {@code R_x = x ⊙ Jᵀ(R / stab(z))} for every input x, with
 * z the output, stab(z) = z + ε·sign(z) (sign(0) = +1), a random R, and Jᵀ from central differences of the
 * forward alone ({@link GradCheck#numericVjp}): nothing of the op's backward takes part in the expected value.
 */
public final class EpsilonCheck {
    private EpsilonCheck() {}

    /** {@code f} must put {@code Rules.Epsilon(eps)} on the op under test; all inputs enter as leaves. */
    public static void check(String what, Backend be, GradCheck.Fn f, double eps, Nd... inputs) {
        try (TensorScope scope = TensorScope.open()) {
            Var[] leaves = new Var[inputs.length];
            Nd s;
            try (Tape tape = Tape.record()) {
                for (int i = 0; i < inputs.length; i++) {
                    leaves[i] = Var.leaf(inputs[i].tensor(be, DType.FLOAT64));
                }
                Var[] outs = f.apply(leaves);
                assertEquals(1, outs.length, what + ": one output expected");
                Nd z = Nd.of(outs[0].value());
                Nd r = Nd.random(new Random(77), z.s);
                s = new Nd(z.s);
                for (int k = 0; k < z.d.length; k++) {
                    s.d[k] = r.d[k] / (z.d[k] >= 0 ? z.d[k] + eps : z.d[k] - eps);
                }
                Tensor seed = r.tensor(be, DType.FLOAT64);
                tape.backward(outs, new Tensor[] {seed});
            }
            double worst = 0;
            double anySignal = 0;
            StringBuilder report = new StringBuilder();
            for (int i = 0; i < inputs.length; i++) {
                double[] actual = leaves[i].hasGrad() ? leaves[i].grad().toDoubleArray() : new double[inputs[i].size()];
                double[] jts = GradCheck.numericVjp(be, f, inputs, i, new Nd[] {s});
                double scale = 1e-12;
                double err = 0;
                for (int j = 0; j < jts.length; j++) {
                    double expected = inputs[i].d[j] * jts[j];
                    scale = Math.max(scale, Math.max(Math.abs(expected), Math.abs(actual[j])));
                    err = Math.max(err, Math.abs(expected - actual[j]));
                }
                anySignal = Math.max(anySignal, scale);
                worst = Math.max(worst, err / scale);
                report.append(String.format(" input %d: rel.err %.2e (max|R| %.3e);", i, err / scale, scale));
            }
            assertTrue(anySignal > 1e-3, what + ": no relevance expected anywhere; the check is void");
            assertTrue(
                    worst <= GradCheck.TOL,
                    what + " on " + be + ": ε relevance differs from x ⊙ Jᵀ(R/stab(z)):" + report);
        }
    }
}
