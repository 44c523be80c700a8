package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WidenCache;
import java.util.Set;

/**
 * Base of {@link LinearOp} and {@link Conv2dOp}: a {@link LinearMap} with weight and optional bias. Gradient is the
 * adjoint, ε the generic {@code x ⊙ adjoint(R / stab(z))}; the zennit rules come from {@link LinearRules}.
 * The weight is kept in its storage form ({@link StoredWeight}); each relevance pass widens it again into the
 * backward's scope, so no widened copy lives between the forward and the backward. A {@link DenseWeight} hands out
 * its resident tensor (no copy).
 */
abstract class LinearLayer extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES = rules(Rules.Gradient.class, Rules.Epsilon.class,
            Rules.StopRelevance.class, Rules.Gamma.class, Rules.ZPlus.class, Rules.AlphaBeta.class, Rules.Flat.class,
            Rules.WSquare.class, Rules.ZBox.class);

    private LinearMap map;
    private Tensor x;
    private StoredWeight weight;
    private Tensor b;
    private Tensor z;

    /** @param b may be null; @param z the output, bias included */
    LinearLayer(LinearMap map, Tensor x, StoredWeight w, Tensor b, Tensor z) {
        this.map = map;
        this.x = x;
        this.weight = w;
        this.b = b;
        this.z = z;
    }

    /**
     * The weight as a dense tensor like {@code like} (backend, dtype): no copy when dense, the copy of an open
     * {@link WidenCache} when it has one, else a copy in the current scope.
     */
    static Tensor widen(StoredWeight w, Tensor like) {
        return w instanceof DenseWeight d ? d.tensor() : WidenCache.widen(w, like.backend(), like.dtype());
    }

    private Tensor w() {
        return widen(weight, x);
    }

    @Override
    protected final Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected final Tensor[] vjp(Tensor g) {
        return new Tensor[] {adjointOf(g, weight, x)};
    }

    /** {@code adjoint(g)} with the weight widened whole; {@link LinearOp} widens a large stored weight in pieces. */
    Tensor adjointOf(Tensor g, StoredWeight w, Tensor like) {
        return map.adjoint(g, widen(w, like));
    }

    @Override
    protected final Tensor[] gamma(Tensor r, Rules.Gamma rule) {
        return new Tensor[] {LinearRules.gamma(map, x, w(), b, z, r, rule)};
    }

    @Override
    protected final Tensor[] zPlus(Tensor r, Rules.ZPlus rule) {
        return new Tensor[] {LinearRules.zPlus(map, x, w(), b, r, rule.stabilizer())};
    }

    @Override
    protected final Tensor[] alphaBeta(Tensor r, Rules.AlphaBeta rule) {
        return new Tensor[] {LinearRules.alphaBeta(map, x, w(), b, r, rule)};
    }

    @Override
    protected final Tensor[] flat(Tensor r, Rules.Flat rule) {
        return new Tensor[] {LinearRules.redistribute(map, x.onesLike(), w().onesLike(), null, r, rule.stabilizer())};
    }

    @Override
    protected final Tensor[] wSquare(Tensor r, Rules.WSquare rule) {
        return new Tensor[] {LinearRules.redistribute(map, x.onesLike(), w().square(), b == null ? null : b.square(), r,
                rule.stabilizer())};
    }

    @Override
    protected final Tensor[] zBox(Tensor r, Rules.ZBox rule) {
        return new Tensor[] {LinearRules.zBox(map, x, w(), r, rule)};
    }

    @Override
    protected final void release() {
        map = null;
        x = b = z = null;
        weight = null;
    }
}
