package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Set;

/**
 * Row lookup {@code y[..., :] = W[ids[...], :]}, W [V, D], ids INT64 of any shape; ids are constants.
 * Gradient and Identity: R scattered back to the rows (summed where an id repeats). Epsilon:
 * {@code R_W = W ⊙ scatter(R / stab(y))}, the same up to ε. Stop: none.
 */
public final class EmbeddingOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Gradient.class, Rules.Identity.class, Rules.Epsilon.class, Rules.StopRelevance.class);

    private Tensor ids;
    private Tensor w;

    private EmbeddingOp(Tensor ids, Tensor w) {
        this.ids = ids;
        this.w = w;
    }

    public static Var apply(Site site, Var weight, Tensor ids) {
        Tensor w = weight.value();
        if (w.rank() != 2) {
            throw new IllegalArgumentException("embedding at '" + site.path() + "': weight has shape "
                    + Arrays.toString(w.shape()) + ", expected [vocab, dim]");
        }
        if (ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException(
                    "embedding at '" + site.path() + "': ids must be INT64, got " + ids.dtype());
        }
        long vocab = w.dim(0);
        if (ids.numel() > 0 && (ids.lt(0).any() || ids.ge(vocab).any())) {
            for (long id : ids.toLongArray()) {
                if (id < 0 || id >= vocab) {
                    throw new IndexOutOfBoundsException("embedding at '" + site.path() + "': token id " + id
                            + " is outside the vocabulary [0, " + vocab + ")");
                }
            }
        }
        Tensor y = w.embedding(ids);
        return new EmbeddingOp(ids, w).record1(site, y, weight);
    }

    /** Sums rows of {@code t} [..., D] into the vocabulary rows they were looked up from: [V, D]. */
    private Tensor scatter(Tensor t) {
        long n = ids.numel();
        Tensor hot = ids.reshape(n).oneHot(w.dim(0), t.dtype()); // [N, V]
        return hot.transpose(0, 1).matmul(t.reshape(n, w.dim(1)));
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    /** Sums rows of g [..., D] into the vocabulary rows they were looked up from: [V, D]. */
    @Override
    protected Tensor[] vjp(Tensor g) {
        long n = ids.numel();
        Tensor hot = ids.reshape(n).oneHot(w.dim(0), g.dtype()); // [N, V]
        return new Tensor[] {hot.transpose(0, 1).matmul(g.reshape(n, w.dim(1)))};
    }

    /** R scattered back to the rows, as the gradient. */
    @Override
    protected Tensor[] identity(Tensor r) {
        return vjp(r);
    }

    @Override
    protected void release() {
        ids = w = null;
    }
}
