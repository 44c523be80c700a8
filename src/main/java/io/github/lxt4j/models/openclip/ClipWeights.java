package io.github.lxt4j.models.openclip;

import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.function.Supplier;

/**
 * Reads CLIP weights from one checkpoint layout into the form the model uses: patch conv [W,3,p,p], positions
 * [T,W], separate q/k/v projections [W,W] in the Linear convention (out × in), MLP and projections likewise
 * ([E,W] for the final projections). Subclasses map that to OpenCLIP's or HF's key names.
 */
abstract class ClipWeights {

    /** The towers, for key names and messages. */
    enum Tower {
        VISION("vision"),
        TEXT("text");

        final String label;

        Tower(String label) {
            this.label = label;
        }
    }

    /** Weight and bias of one dense layer (bias may be null), or of a LayerNorm. */
    record Pair(Tensor weight, Tensor bias) {}

    /** The attention projections of one block. */
    record Attention(Pair q, Pair k, Pair v, Pair out) {}

    protected final WeightSource w;
    protected final ClipConfig cfg;

    ClipWeights(WeightSource w, ClipConfig cfg) {
        this.w = w;
        this.cfg = cfg;
    }

    static ClipWeights of(WeightSource w, ClipConfig cfg) {
        return cfg.format() == ClipFormat.HF ? new HfClipWeights(w, cfg) : new OpenClipWeights(w, cfg);
    }

    abstract Tensor patchWeight();

    abstract Tensor classEmbedding();

    abstract Tensor visionPositions();

    abstract Pair lnPre();

    abstract Pair lnPost();

    abstract Tensor visualProjection();

    abstract Tensor tokenEmbedding();

    abstract Tensor textPositions();

    abstract Pair lnFinal();

    abstract Tensor textProjection();

    /** {@code which} is 1 (before attention) or 2 (before the MLP). */
    abstract Pair blockNorm(Tower t, int layer, int which);

    abstract Attention attention(Tower t, int layer);

    abstract Pair mlpIn(Tower t, int layer);

    abstract Pair mlpOut(Tower t, int layer);

    long width(Tower t) {
        return t == Tower.VISION ? cfg.vision().width() : cfg.text().width();
    }

    long mlpWidth(Tower t) {
        return t == Tower.VISION ? cfg.vision().mlpWidth() : cfg.text().mlpWidth();
    }

    /** The weight {@code key} of the given shape; a missing key names the tower. */
    protected Tensor get(Tower t, String key, long... shape) {
        try {
            return w.get(key, shape);
        } catch (MissingTensorException e) {
            throw new MissingWeightException(key, t.label, e);
        }
    }

    protected Pair pair(Tower t, String prefix, long out, long in) {
        return new Pair(get(t, prefix + ".weight", out, in), get(t, prefix + ".bias", out));
    }

    protected Pair norm(Tower t, String prefix) {
        long d = width(t);
        return new Pair(get(t, prefix + ".weight", d), get(t, prefix + ".bias", d));
    }

    /** A tensor derived from loaded weights (a slice, a transpose), as a copy owned by the model's weights. */
    protected Tensor derived(Supplier<Tensor> f) {
        return w.scope().within(() -> {
            try (TensorScope tmp = TensorScope.open()) {
                return tmp.keep(f.get().copy());
            }
        });
    }

    protected Tensor transposed(Tensor t) {
        Tensor out = derived(() -> t.transpose(0, 1));
        t.close();
        return out;
    }
}
