package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.models.DualEncoderInputException;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The causal text tower: token embedding (its lookups are the relevance leaves), positional embedding added (site
 * {@code positional_embedding}, ADD), residual blocks {@code transformer.resblocks.N} under a causal mask,
 * {@code ln_final}, pooling of one token per row (see {@link ClipTextConfig.Pooling}), projection
 * {@code text_projection} (LINEAR, no bias).
 */
final class TextTower extends Module {

    private final ClipTextConfig cfg;
    private final Embedding tokens;
    private final Tensor positions;
    private final Site positionAdd;
    private final List<ClipBlock> blocks = new ArrayList<>();
    private final ClipLayerNorm lnFinal;
    private final Linear proj;

    TextTower(ClipTextConfig cfg, ClipWeights w) {
        super("text");
        this.cfg = cfg;
        tokens = child(new Embedding("token_embedding", w.tokenEmbedding()));
        positions = w.textPositions();
        positionAdd = site(OpKind.ADD, "positional_embedding");
        for (int i = 0; i < cfg.layers(); i++) {
            blocks.add(child(new ClipBlock(
                    "transformer.resblocks." + i,
                    w,
                    ClipWeights.Tower.TEXT,
                    i,
                    cfg.heads(),
                    cfg.headDim(),
                    cfg.layerNormEps(),
                    cfg.activation())));
        }
        lnFinal = child(new ClipLayerNorm("ln_final", w.lnFinal(), cfg.layerNormEps()));
        proj = child(new Linear("text_projection", w.textProjection(), null));
    }

    /** Checks that {@code ids} is INT64 [M, L] with 1 ≤ L ≤ context_length. */
    void checkIds(Tensor ids) {
        long[] s = ids.shape();
        if (s.length != 2 || s[0] < 1 || s[1] < 1) {
            throw new DualEncoderInputException(
                    "text ids have shape " + Arrays.toString(s) + ": expected [M, L] with M, L >= 1");
        }
        if (ids.dtype() != DType.INT64) {
            throw new DualEncoderInputException("text ids have dtype " + ids.dtype() + ": expected INT64");
        }
        if (s[1] > cfg.contextLength()) {
            throw new SequenceTooLongException(s[1], cfg.contextLength(), "context_length");
        }
    }

    /** Token embeddings [M, L, W] of ids [M, L], as a constant Var (call requireGrad() to collect relevance). */
    Var embed(Tensor ids) {
        checkIds(ids);
        return tokens.lookup(ids);
    }

    /** The pooled position of each row. */
    long[] poolPositions(Tensor ids) {
        long[] s = ids.shape();
        int m = (int) s[0];
        int len = (int) s[1];
        long[] flat = ids.toLongArray();
        long[] out = new long[m];
        for (int r = 0; r < m; r++) {
            int base = r * len;
            switch (cfg.pooling()) {
                case FIRST:
                    out[r] = 0;
                    break;
                case LAST:
                    out[r] = len - 1;
                    break;
                case EOS_ID:
                    out[r] = 0;
                    for (int t = 0; t < len; t++) {
                        if (flat[base + t] == cfg.eosTokenId()) {
                            out[r] = t;
                            break;
                        }
                    }
                    break;
                default:
                    int best = 0;
                    for (int t = 1; t < len; t++) {
                        if (flat[base + t] > flat[base + best]) {
                            best = t;
                        }
                    }
                    out[r] = best;
            }
        }
        return out;
    }

    /** embeds [M, L, W] and their ids [M, L] → text features [M, embed_dim] (before normalisation). */
    Var forward(Var embeds, Tensor ids) {
        checkIds(ids);
        long[] s = embeds.shape();
        long[] is = ids.shape();
        if (s.length != 3 || s[0] != is[0] || s[1] != is[1] || s[2] != cfg.width()) {
            throw new DualEncoderInputException("token embeddings have shape " + Arrays.toString(s) + ": expected "
                    + Arrays.toString(new long[] {is[0], is[1], cfg.width()}) + " to match the ids");
        }
        long m = s[0];
        long len = s[1];
        long width = s[2];
        Var x = AddOp.apply(positionAdd, embeds, positions.slice(0, 0, len));
        Tensor mask = cfg.causal() ? causalMask(ids, len) : null;
        for (ClipBlock b : blocks) {
            x = b.forward(x, mask);
        }
        x = lnFinal.forward(x);
        long[] pos = poolPositions(ids);
        long[] idx = new long[(int) (m * width)];
        for (int r = 0; r < m; r++) {
            Arrays.fill(idx, (int) (r * width), (int) ((r + 1) * width), pos[r]);
        }
        Tensor index = ids.backend().fromLongs(idx, m, 1, width);
        Var pooled = ReshapeOp.apply(GatherOp.apply(x, 1, index), m, width);
        return proj.forward(pooled);
    }

    /** BOOL [1, 1, L, L], true where key position ≤ query position. */
    private static Tensor causalMask(Tensor like, long len) {
        Tensor ar = like.backend().arange(len, DType.INT64);
        Tensor query = ar.reshape(len, 1);
        Tensor key = ar.reshape(1, len);
        return key.gt(query).logicalNot().reshape(1, 1, len, len);
    }

    long vocabSize() {
        return tokens.vocabSize();
    }
}
