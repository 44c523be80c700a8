package io.github.lxt4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class IndexSelectOpTest {

    private final Backend be = Backends.djl();

    @Test
    void permutationRoutesRelevanceBackThroughTheInverse() {
        try (TensorScope s = TensorScope.open();
                Tape t = Tape.record()) {
            Var x = Var.leaf(be.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 3, 2));
            Var y = IndexSelectOp.apply(x, 0, 2, 0, 1);
            assertArrayEquals(new double[] {5, 6, 1, 2, 3, 4}, y.value().toDoubleArray());
            y.backward(be.fromDoubles(new double[] {10, 20, 30, 40, 50, 60}, DType.FLOAT64, 3, 2));
            assertArrayEquals(new double[] {30, 40, 50, 60, 10, 20}, x.grad().toDoubleArray());
        }
    }

    @Test
    void repeatedIndicesSumTheirRelevance() {
        try (TensorScope s = TensorScope.open();
                Tape t = Tape.record()) {
            Var x = Var.leaf(be.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3));
            Var y = IndexSelectOp.apply(x, 1, 2, 2, 0);
            assertArrayEquals(new double[] {3, 3, 1, 6, 6, 4}, y.value().toDoubleArray());
            y.backward(be.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3));
            assertArrayEquals(new double[] {3, 0, 3, 6, 0, 9}, x.grad().toDoubleArray());
        }
    }

    @Test
    void outOfRangeIndexIsRejected() {
        try (TensorScope s = TensorScope.open()) {
            Var x = Var.leaf(be.fromDoubles(new double[] {1, 2}, DType.FLOAT64, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> IndexSelectOp.apply(x, 0, 2));
        }
    }
}
