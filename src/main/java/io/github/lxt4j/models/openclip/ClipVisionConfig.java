package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.ops.Activation;

/**
 * The ViT image tower: square images of {@code imageSize}, square patches, pre-LN residual blocks, class-token
 * pooling.
 */
public record ClipVisionConfig(
        int imageSize,
        int patchSize,
        long width,
        int layers,
        int heads,
        long mlpWidth,
        double layerNormEps,
        Activation activation) {

    /** Patches per side. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Patches plus the class token. */
    public int tokens() {
        return grid() * grid() + 1;
    }

    public long headDim() {
        return width / heads;
    }
}
