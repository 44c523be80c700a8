package io.github.lxt4j.io.images;

/**
 * Bicubic resizing exactly as Pillow does it for 8-bit images ({@code Image.resize(size, Image.BICUBIC)}, which
 * torchvision's {@code Resize} calls for PIL images): {@link PillowResampler} with its bicubic filter (a = −0.5).
 */
public final class BicubicResampler {
    private BicubicResampler() {}

    /** {@code image} resized to {@code width} × {@code height}. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        return PillowResampler.resize(image, width, height, PillowResampler.Filter.BICUBIC);
    }
}
