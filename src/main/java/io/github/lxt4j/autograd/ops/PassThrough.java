package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Base of ops under which every relevance rule hands R back unchanged, only routed to where each entry came from
 * (structural ops, multiplication by a constant). Gradient is {@link #vjp}, the same routing unless the op scales;
 * StopRelevance stops.
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
    protected final Tensor[] gamma(Tensor r, Rules.Gamma rule) {
        return pass(r);
    }

    @Override
    protected final Tensor[] zPlus(Tensor r, Rules.ZPlus rule) {
        return pass(r);
    }

    @Override
    protected final Tensor[] alphaBeta(Tensor r, Rules.AlphaBeta rule) {
        return pass(r);
    }

    @Override
    protected final Tensor[] flat(Tensor r, Rules.Flat rule) {
        return pass(r);
    }

    @Override
    protected final Tensor[] wSquare(Tensor r, Rules.WSquare rule) {
        return pass(r);
    }

    @Override
    protected final Tensor[] zBox(Tensor r, Rules.ZBox rule) {
        return pass(r);
    }
}
