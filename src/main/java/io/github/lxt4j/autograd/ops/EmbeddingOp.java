package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Row lookup {@code y[..., :] = W[ids[...], :]}, W [V, D], ids INT64 of any shape; ids are constants.
 * Gradient and Identity: R scattered back to the rows (summed where an id repeats). Epsilon:
 * {@code R_W = W ⊙ scatter(R / stab(y))}, the same up to ε. Stop: none.
 */
public final class EmbeddingOp extends Op.Unary {

    private Tensor ids;
    private Tensor w;
    private Tensor y;

    private EmbeddingOp(Tensor ids, Tensor w, Tensor y) {
        this.ids = ids;
        this.w = w;
        this.y = y;
    }

    public static Var apply(Site site, Var weight, Tensor ids) {
        Tensor w = weight.value();
        if (w.rank() != 2) {
            throw new IllegalArgumentException("embedding at '" + site.path() + "': weight has shape "
                    + Arrays.toString(w.shape()) + ", expected [vocab, dim]");
        }
        if (ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException("embedding at '" + site.path() + "': ids must be INT64, got "
                    + ids.dtype());
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
        return new EmbeddingOp(ids, w, y).record1(site, y, weight);
    }

    /** Sums rows of {@code t} [..., D] into the vocabulary rows they were looked up from: [V, D]. */
    private Tensor scatter(Tensor t) {
        long n = ids.numel();
        Tensor hot = ids.reshape(n).oneHot(w.dim(0), t.dtype());        // [N, V]
        return hot.transpose(0, 1).matmul(t.reshape(n, w.dim(1)));
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (isGradient(rule) || rule instanceof Rules.Identity) {
            return new Tensor[] {scatter(r)};
        }
        if (rule instanceof Rules.Epsilon) {
            return new Tensor[] {w.mul(scatter(r.divStabilized(y, ((Rules.Epsilon) rule).epsilon(y.dtype()))))};
        }
        throw unsupported(rule, "gradient, identity, epsilon, stop");
    }

    @Override
    protected void release() {
        ids = w = y = null;
    }
}
