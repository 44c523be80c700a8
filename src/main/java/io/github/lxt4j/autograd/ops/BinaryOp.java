package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Broadcasting;
import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.tensor.Tensor;

/**
 * An op of two operands that keeps both and its output for the backward, and drops them once it has run.
 * Uniform (AttnLRP Eq. 12) gives R/2 to each operand.
 */
abstract class BinaryOp extends Op.Unary {

    Tensor a;
    Tensor b;
    Tensor z;

    BinaryOp(Tensor a, Tensor b, Tensor z) {
        this.a = a;
        this.b = b;
        this.z = z;
    }

    /** {@code ga} and {@code gb}, summed over the axes along which a and b were broadcast. */
    final Tensor[] toOperands(Tensor ga, Tensor gb) {
        return new Tensor[] {Broadcasting.reduceTo(ga, a.shape()), Broadcasting.reduceTo(gb, b.shape())};
    }

    @Override
    protected Tensor[] uniform(Tensor r) {
        Tensor half = r.mul(0.5);
        return toOperands(half, half);
    }

    @Override
    protected final void release() {
        a = b = z = null;
    }
}
