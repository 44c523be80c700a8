package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.OpRule;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Base of ops under which every relevance rule hands R back unchanged, only routed to where each entry came from
 * (structural ops, multiplication by a constant), the {@link LinearRule}s and {@link OpRule}s included. Gradient is
 * {@link #vjp}, the same routing unless the op scales; StopRelevance stops.
 */
abstract class PassThrough extends Op.Unary {

    /** R routed back to each input, shaped like it. */
    protected abstract Tensor[] pass(Tensor r);

    @Override
    protected final Set<Class<? extends Rule>> rules() {
        return ALL_RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return pass(g);
    }

    @Override
    protected final Tensor[] epsilon(Tensor r, double eps) {
        return pass(r);
    }

    @Override
    protected final Tensor[] identity(Tensor r) {
        return pass(r);
    }

    @Override
    protected final Tensor[] uniform(Tensor r) {
        return pass(r);
    }

    @Override
    protected final Tensor[] uniformEpsilon(Tensor r, double eps) {
        return pass(r);
    }

    @Override
    protected final Tensor[] softmaxTaylor(Tensor r) {
        return pass(r);
    }

    @Override
    protected final Tensor[] linear(Tensor r, LinearRule rule) {
        return pass(r);
    }

    /** An {@link OpRule} too: this op only routes entries, so no rule's maths has anything to change. */
    @Override
    protected final Tensor[] custom(Tensor r, OpRule rule) {
        return pass(r);
    }
}
