package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Dense layer {@code z = x Wᵀ + b}, W of shape [out, in].
 * Gradient: {@code ∂ = R W}. Epsilon (AttnLRP Eq. 6): {@code R_x = x ⊙ ((R / (z + ε sign z)) W)}; the bias absorbs
 * its share. Also the zennit rules (Gamma, ZPlus, AlphaBeta, Flat, WSquare, ZBox), see {@code LinearRules}.
 * Stop: none.
 */
public final class LinearOp extends LinearLayer {

    static final LinearMap DENSE = new LinearMap() {
        @Override
        public Tensor apply(Tensor x, Tensor w) {
            return x.matmulTransposed(w);
        }

        @Override
        public Tensor adjoint(Tensor g, Tensor w) {
            return g.matmul(w);
        }

        @Override
        public Tensor addBias(Tensor z, Tensor b) {
            return z.add(b);
        }
    };

    private LinearOp(Tensor x, Tensor w, Tensor b, Tensor z) {
        super(DENSE, x, w, b, z);
    }

    /** @param bias may be null */
    public static Var apply(Site site, Var x, Tensor weight, Tensor bias) {
        Tensor z = DENSE.apply(x.value(), weight);
        if (bias != null) {
            z = z.add(bias);
        }
        return new LinearOp(x.value(), weight, bias, z).record1(site, z, x);
    }
}
