package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.tensor.Tensor;

/**
 * Gemma3RMSNorm, {@code y = x·rsqrt(mean(x²) + eps)·(1 + w)}: an {@link RmsNorm} whose weight is the stored
 * {@code w} plus one, added once at load. Its rules are RMSNorm's (AttnLRP: identity, the rsqrt factor held
 * constant; the (1 + w) factor stays linear), as LXT's Gemma 3 map patches only {@code _norm}.
 */
final class Gemma3Norm {
    private Gemma3Norm() {}

    /** The norm at {@code path}, from {@code path.weight} [dim]. */
    static RmsNorm load(String path, long dim, double eps, WeightSource w) {
        Tensor stored = w.get(path + ".weight", dim);
        Tensor onePlus = w.scope().within(() -> stored.add(1.0));
        stored.close();
        return new RmsNorm(path, onePlus, eps);
    }
}
