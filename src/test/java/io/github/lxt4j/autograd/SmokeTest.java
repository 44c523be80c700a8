package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void epsilonChainConservesOnDjl() {
        Backend be = Backends.djl();
        Site lin = Site.of(OpKind.LINEAR, "lin").setRule(new Rules.Epsilon());
        Site add = Site.of(OpKind.ADD, "res").setRule(new Rules.Epsilon());
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record().trackConservation()) {
            Var x = Var.leaf(be.fromDoubles(new double[] {1, -2, 3, 0.5}, DType.FLOAT64, 1, 4));
            var w = be.fromDoubles(new double[] {0.5, 1, -1, 2, 1, 1, 1, 1, 0, 2, 0, -1}, DType.FLOAT64, 3, 4);
            Var h = LinearOp.apply(lin, x, w, null);
            var w2 = be.fromDoubles(new double[] {1, 0, 2, 0, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5}, DType.FLOAT64, 4, 3);
            Var y = LinearOp.apply(lin, h, w2, null);
            Var z = AddOp.apply(add, y, x);
            Var sm = SoftmaxOp.apply(Site.of(OpKind.SOFTMAX, "sm").setRule(new Rules.SoftmaxTaylor()), z, -1);
            z.backward(z);
            double total = x.grad().sumAll().item();
            double expected = z.value().sumAll().item();
            assertEquals(expected, total, 1e-9 * Math.abs(expected));
            System.out.println(tape.conservationReport());
        }
    }
}
