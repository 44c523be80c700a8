package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.tensor.Tensor;

/** An op of two operands that keeps both and its output for the backward, and drops them once it has run. */
abstract class BinaryOp extends Op.Unary {

    Tensor a;
    Tensor b;
    Tensor z;

    BinaryOp(Tensor a, Tensor b, Tensor z) {
        this.a = a;
        this.b = b;
        this.z = z;
    }

    @Override
    protected final void release() {
        a = b = z = null;
    }
}
