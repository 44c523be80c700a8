package io.github.lxt4j.viz;

/**
 * The text colour, black or white, that contrasts more with a background, by the WCAG 2 contrast ratio of their
 * relative luminances.
 */
public final class TextContrast {
    private TextContrast() {}

    /** {@code 0x000000} or {@code 0xFFFFFF} for a background {@code 0xRRGGBB}. */
    public static int onBackground(int rgb) {
        double l = luminance(rgb);
        double withBlack = (l + 0.05) / 0.05;
        double withWhite = 1.05 / (l + 0.05);
        return withWhite > withBlack ? 0xFFFFFF : 0x000000;
    }

    /** WCAG relative luminance of an sRGB colour, in [0, 1]. */
    public static double luminance(int rgb) {
        return 0.2126 * linear((rgb >> 16) & 0xFF) + 0.7152 * linear((rgb >> 8) & 0xFF) + 0.0722 * linear(rgb & 0xFF);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
