package io.github.lxt4j.rules;

import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.util.function.Function;

/** Runs one small graph in float64 and returns the relevance that reached each input (null where none did). */
final class Lrp {
    private Lrp() {}

    static double[][] run(Backend be, Function<Var[], Var> f, double[] seed, Nd... inputs) {
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var[] leaves = new Var[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = Var.leaf(inputs[i].tensor(be, DType.FLOAT64));
            }
            Var y = f.apply(leaves);
            y.backward(be.fromDoubles(seed, DType.FLOAT64, y.shape()));
            double[][] out = new double[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                out[i] = leaves[i].hasGrad() ? leaves[i].grad().toDoubleArray() : null;
            }
            return out;
        }
    }

    /** z + eps·sign(z), sign(0) = +1. */
    static double stab(double z, double eps) {
        return z >= 0 ? z + eps : z - eps;
    }
}
