package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Base of single-input ops that only move entries around (reshape, permute, slice, gather, repeat). Relevance and
 * gradient are routed the same way, back to where each entry came from; only Stop changes that.
 */
abstract class Structural extends PassThrough {

    static final Site SITE = Site.of(OpKind.STRUCTURAL, "structural");

    protected abstract Tensor route(Tensor r);

    @Override
    protected final Tensor[] pass(Tensor r) {
        return new Tensor[] {route(r)};
    }

    static Var record(Structural op, Tensor out, Var x) {
        return op.record1(SITE, out, x);
    }
}
