package io.github.lxt4j.models.openclip;

import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.tensor.Tensor;

/**
 * OpenCLIP's names: {@code visual.conv1.weight}, {@code visual.transformer.resblocks.N.attn.in_proj_weight} (q, k
 * and v packed row-wise), {@code visual.proj} [W,E] (a matrix applied as {@code x @ proj}), {@code token_embedding},
 * {@code text_projection} [W,E], … ({@code text.} in front of the text keys for {@code custom_text} models).
 */
final class OpenClipWeights extends ClipWeights {

    OpenClipWeights(WeightSource w, ClipConfig cfg) {
        super(w, cfg);
    }

    private String block(Tower t, int layer) {
        return (t == Tower.VISION ? "visual." : cfg.textPrefix()) + "transformer.resblocks." + layer;
    }

    private String text(String name) {
        return cfg.textPrefix() + name;
    }

    @Override
    Tensor patchWeight() {
        ClipVisionConfig v = cfg.vision();
        return get(Tower.VISION, "visual.conv1.weight", v.width(), 3, v.patchSize(), v.patchSize());
    }

    @Override
    Tensor classEmbedding() {
        return get(Tower.VISION, "visual.class_embedding", cfg.vision().width());
    }

    @Override
    Tensor visionPositions() {
        return get(
                Tower.VISION,
                "visual.positional_embedding",
                cfg.vision().tokens(),
                cfg.vision().width());
    }

    @Override
    Pair lnPre() {
        return norm(Tower.VISION, "visual.ln_pre");
    }

    @Override
    Pair lnPost() {
        return norm(Tower.VISION, "visual.ln_post");
    }

    @Override
    Tensor visualProjection() {
        return transposed(get(Tower.VISION, "visual.proj", cfg.vision().width(), cfg.embedDim()));
    }

    @Override
    Tensor tokenEmbedding() {
        return get(
                Tower.TEXT,
                text("token_embedding.weight"),
                cfg.text().vocabSize(),
                cfg.text().width());
    }

    @Override
    Tensor textPositions() {
        return get(
                Tower.TEXT,
                text("positional_embedding"),
                cfg.text().contextLength(),
                cfg.text().width());
    }

    @Override
    Pair lnFinal() {
        return norm(Tower.TEXT, text("ln_final"));
    }

    @Override
    Tensor textProjection() {
        return transposed(get(Tower.TEXT, text("text_projection"), cfg.text().width(), cfg.embedDim()));
    }

    @Override
    Pair blockNorm(Tower t, int layer, int which) {
        return norm(t, block(t, layer) + ".ln_" + which);
    }

    @Override
    Attention attention(Tower t, int layer) {
        long d = width(t);
        String p = block(t, layer) + ".attn.";
        Tensor packed = get(t, p + "in_proj_weight", 3 * d, d);
        Tensor packedBias = get(t, p + "in_proj_bias", 3 * d);
        Pair[] qkv = new Pair[3];
        for (int i = 0; i < 3; i++) {
            long from = i * d;
            qkv[i] = new Pair(
                    derived(() -> packed.slice(0, from, from + d)), derived(() -> packedBias.slice(0, from, from + d)));
        }
        packed.close();
        packedBias.close();
        return new Attention(qkv[0], qkv[1], qkv[2], pair(t, p + "out_proj", d, d));
    }

    @Override
    Pair mlpIn(Tower t, int layer) {
        return pair(t, block(t, layer) + ".mlp.c_fc", mlpWidth(t), width(t));
    }

    @Override
    Pair mlpOut(Tower t, int layer) {
        return pair(t, block(t, layer) + ".mlp.c_proj", width(t), mlpWidth(t));
    }
}
