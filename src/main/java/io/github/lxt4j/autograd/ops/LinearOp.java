package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;

/**
 * Dense layer {@code z = x Wᵀ + b}, W of shape [out, in].
 * Gradient: {@code ∂ = R W}. Epsilon (AttnLRP Eq. 6): {@code R_x = x ⊙ ((R / (z + ε sign z)) W)}; the bias absorbs
 * its share. Also every {@code LinearRule}: the zennit rules (Gamma, ZPlus, AlphaBeta, Flat, WSquare, ZBox) and yours.
 * Stop: none. A weight in a storage form other than dense is widened for the product and released right after it
 * (only z is kept); the relevance pass widens it again.
 */
public final class LinearOp extends LinearLayer {

    static final LinearMap DENSE = new LinearMap() {
        @Override
        public Tensor apply(Tensor x, Tensor w) {
            return x.matmulTransposed(w);
        }

        @Override
        public Tensor adjoint(Tensor g, Tensor w) {
            return g.matmulWeight(w);
        }

        @Override
        public Tensor addBias(Tensor z, Tensor b) {
            return z.add(b);
        }
    };

    private LinearOp(Tensor x, StoredWeight w, Tensor b, Tensor z) {
        super(DENSE, x, w, b, z);
    }

    /** @param bias may be null */
    public static Var apply(Site site, Var x, Tensor weight, Tensor bias) {
        return apply(site, x, new DenseWeight(site.path() + ".weight", weight), bias);
    }

    /** @param weight [out, in] in any storage form; @param bias may be null */
    public static Var apply(Site site, Var x, StoredWeight weight, Tensor bias) {
        Tensor z;
        long pieces = weight instanceof DenseWeight ? 0 : WeightPieces.rowsPerPiece(weight);
        if (weight instanceof DenseWeight) {
            z = product(x.value(), widen(weight, x.value()), bias);
        } else {
            try (TensorScope widened = TensorScope.open()) {
                Tensor xw = pieces > 0
                        ? WeightPieces.apply(x.value(), weight, pieces)
                        : x.value().matmulTransposed(widen(weight, x.value()));
                z = widened.keep(bias == null ? xw : xw.add(bias));
            }
        }
        return new LinearOp(x.value(), weight, bias, z).record1(site, z, x);
    }

    /** Gradient and ε: a weight too large for one piece is widened piece by piece ({@link WeightPieces}). */
    @Override
    Tensor adjointOf(Tensor g, StoredWeight weight, Tensor x) {
        long pieces = weight instanceof DenseWeight ? 0 : WeightPieces.rowsPerPiece(weight);
        return pieces > 0 ? WeightPieces.adjoint(g, weight, pieces) : super.adjointOf(g, weight, x);
    }

    private static Tensor product(Tensor x, Tensor w, Tensor bias) {
        Tensor z = DENSE.apply(x, w);
        return bias == null ? z : z.add(bias);
    }
}
