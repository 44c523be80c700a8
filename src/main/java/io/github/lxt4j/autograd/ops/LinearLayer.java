package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WidenCache;
import java.util.Set;

/**
 * Base of {@link LinearOp} and {@link Conv2dOp}: a {@link LinearMap} with weight and optional bias. Gradient is the
 * adjoint, ε the generic {@code x ⊙ adjoint(R / stab(z))}; every {@link LinearRule} (the zennit rules, a user's
 * {@code ModifierRule}) is applied to the map, the saved input, weight, bias and output.
 * The weight is kept in its storage form ({@link StoredWeight}); each relevance pass widens it again into the
 * backward's scope, so no widened copy lives between the forward and the backward. A {@link DenseWeight} hands out
 * its resident tensor (no copy).
 */
abstract class LinearLayer extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Gradient.class, Rules.Epsilon.class, Rules.StopRelevance.class, LinearRule.class);

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
    protected final Tensor[] linear(Tensor r, LinearRule rule) {
        return new Tensor[] {rule.relevance(new View(), r)};
    }

    /** This layer as a {@link LinearRule} sees it; the weight is widened once, on first use. */
    private final class View implements LinearRule.Layer {
        private Tensor dense;

        @Override
        public Tensor input() {
            return x;
        }

        @Override
        public Tensor weight() {
            if (dense == null) {
                dense = w();
            }
            return dense;
        }

        @Override
        public Tensor bias() {
            return b;
        }

        @Override
        public Tensor output() {
            return z;
        }

        @Override
        public Tensor apply(Tensor in, Tensor w) {
            return map.apply(in, w);
        }

        @Override
        public Tensor adjoint(Tensor g, Tensor w) {
            return map.adjoint(g, w);
        }

        @Override
        public Tensor addBias(Tensor out, Tensor bias) {
            return map.addBias(out, bias);
        }
    }

    @Override
    protected final void release() {
        map = null;
        x = b = z = null;
        weight = null;
    }
}
