package io.github.lxt4j.models.openclip;

import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.tensor.Tensor;

/**
 * HF {@code CLIPModel} names: {@code vision_model.embeddings.patch_embedding.weight},
 * {@code vision_model.pre_layrnorm} (sic), {@code vision_model.encoder.layers.N.self_attn.{q,k,v,out}_proj},
 * {@code layer_norm1/2}, {@code mlp.fc1/fc2}, {@code vision_model.post_layernorm}, {@code visual_projection.weight}
 * [E,W] (a Linear without bias), and the {@code text_model.*} counterparts with {@code final_layer_norm} and
 * {@code text_projection.weight}.
 */
final class HfClipWeights extends ClipWeights {

    HfClipWeights(WeightSource w, ClipConfig cfg) {
        super(w, cfg);
    }

    private static String layer(Tower t, int layer) {
        return (t == Tower.VISION ? "vision_model" : "text_model") + ".encoder.layers." + layer;
    }

    @Override
    Tensor patchWeight() {
        ClipVisionConfig v = cfg.vision();
        return get(
                Tower.VISION,
                "vision_model.embeddings.patch_embedding.weight",
                v.width(),
                3,
                v.patchSize(),
                v.patchSize());
    }

    @Override
    Tensor classEmbedding() {
        return get(
                Tower.VISION,
                "vision_model.embeddings.class_embedding",
                cfg.vision().width());
    }

    @Override
    Tensor visionPositions() {
        return get(
                Tower.VISION,
                "vision_model.embeddings.position_embedding.weight",
                cfg.vision().tokens(),
                cfg.vision().width());
    }

    @Override
    Pair lnPre() {
        return norm(Tower.VISION, "vision_model.pre_layrnorm");
    }

    @Override
    Pair lnPost() {
        return norm(Tower.VISION, "vision_model.post_layernorm");
    }

    @Override
    Tensor visualProjection() {
        return get(
                Tower.VISION,
                "visual_projection.weight",
                cfg.embedDim(),
                cfg.vision().width());
    }

    @Override
    Tensor tokenEmbedding() {
        return get(
                Tower.TEXT,
                "text_model.embeddings.token_embedding.weight",
                cfg.text().vocabSize(),
                cfg.text().width());
    }

    @Override
    Tensor textPositions() {
        return get(
                Tower.TEXT,
                "text_model.embeddings.position_embedding.weight",
                cfg.text().contextLength(),
                cfg.text().width());
    }

    @Override
    Pair lnFinal() {
        return norm(Tower.TEXT, "text_model.final_layer_norm");
    }

    @Override
    Tensor textProjection() {
        return get(
                Tower.TEXT, "text_projection.weight", cfg.embedDim(), cfg.text().width());
    }

    @Override
    Pair blockNorm(Tower t, int layer, int which) {
        return norm(t, layer(t, layer) + ".layer_norm" + which);
    }

    @Override
    Attention attention(Tower t, int layer) {
        long d = width(t);
        String p = layer(t, layer) + ".self_attn.";
        return new Attention(
                pair(t, p + "q_proj", d, d),
                pair(t, p + "k_proj", d, d),
                pair(t, p + "v_proj", d, d),
                pair(t, p + "out_proj", d, d));
    }

    @Override
    Pair mlpIn(Tower t, int layer) {
        return pair(t, layer(t, layer) + ".mlp.fc1", mlpWidth(t), width(t));
    }

    @Override
    Pair mlpOut(Tower t, int layer) {
        return pair(t, layer(t, layer) + ".mlp.fc2", width(t), mlpWidth(t));
    }
}
