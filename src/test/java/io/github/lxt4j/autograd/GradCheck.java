package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Random;

/**
 * Checks the Gradient rule against central finite differences in float64: for a random seed R, the relevance that
 * reaches each input must equal {@code (f(x+h·e_i)·R − f(x−h·e_i)·R) / 2h}. The finite differences evaluate f
 * without a tape, so they use only forward code.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The function under test, from leaf Vars to output Vars. */
    public interface Fn {
        Var[] apply(Var[] inputs);
    }

    public static final double H = 1e-6;
    public static final double TOL = 1e-6;

    /** Asserts the check for every input (all enter as leaves). */
    public static void check(String what, Backend be, Fn f, Nd... inputs) {
        check(what, be, f, 1234, inputs);
    }

    public static void check(String what, Backend be, Fn f, long seed, Nd... inputs) {
        try (TensorScope scope = TensorScope.open()) {
            Var[] leaves = new Var[inputs.length];
            Nd[] seeds;
            try (Tape tape = Tape.record()) {
                for (int i = 0; i < inputs.length; i++) {
                    leaves[i] = Var.leaf(inputs[i].tensor(be, DType.FLOAT64));
                }
                Var[] outs = f.apply(leaves);
                Random rnd = new Random(seed);
                seeds = new Nd[outs.length];
                Tensor[] seedTensors = new Tensor[outs.length];
                for (int o = 0; o < outs.length; o++) {
                    seeds[o] = Nd.random(rnd, Nd.of(outs[o].value()).s);
                    seedTensors[o] = seeds[o].tensor(be, DType.FLOAT64);
                }
                tape.backward(outs, seedTensors);
            }
            double worst = 0;
            double anySignal = 0;
            StringBuilder report = new StringBuilder();
            for (int i = 0; i < inputs.length; i++) {
                double[] analytic =
                        leaves[i].hasGrad() ? leaves[i].grad().toDoubleArray() : new double[inputs[i].size()];
                double[] numeric = numericVjp(be, f, inputs, i, seeds);
                double scale = 1e-12;
                double err = 0;
                for (int j = 0; j < numeric.length; j++) {
                    scale = Math.max(scale, Math.max(Math.abs(numeric[j]), Math.abs(analytic[j])));
                    err = Math.max(err, Math.abs(numeric[j] - analytic[j]));
                }
                anySignal = Math.max(anySignal, scale);
                worst = Math.max(worst, err / scale);
                report.append(String.format(" input %d: rel.err %.2e (max|grad| %.3e);", i, err / scale, scale));
            }
            assertTrue(anySignal > 1e-3, what + ": the output does not depend on the inputs; the check is void");
            assertTrue(worst <= TOL, what + " on " + be + ": gradient differs from finite differences:" + report);
        }
    }

    /**
     * {@code Jᵀ·seeds} for input {@code which} by central differences of {@code f}'s forward alone: entry j is
     * {@code (Σ f(x + h·e_j)·seeds − Σ f(x − h·e_j)·seeds) / 2h}.
     */
    public static double[] numericVjp(Backend be, Fn f, Nd[] inputs, int which, Nd[] seeds) {
        double[] numeric = new double[inputs[which].size()];
        for (int j = 0; j < numeric.length; j++) {
            numeric[j] = (objective(be, f, inputs, which, j, +H, seeds) - objective(be, f, inputs, which, j, -H, seeds))
                    / (2 * H);
        }
        return numeric;
    }

    private static double objective(Backend be, Fn f, Nd[] inputs, int which, int j, double h, Nd[] seeds) {
        try (TensorScope s = TensorScope.open()) {
            Var[] vars = new Var[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Nd v = inputs[i];
                if (i == which) {
                    v = v.copy();
                    v.d[j] += h;
                }
                vars[i] = Var.constant(v.tensor(be, DType.FLOAT64));
            }
            Var[] outs = f.apply(vars);
            double total = 0;
            for (int o = 0; o < outs.length; o++) {
                double[] y = outs[o].value().toDoubleArray();
                for (int k = 0; k < y.length; k++) {
                    total += y[k] * seeds[o].d[k];
                }
            }
            return total;
        }
    }
}
