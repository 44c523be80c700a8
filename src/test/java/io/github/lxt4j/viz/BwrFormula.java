package io.github.lxt4j.viz;

/** The bwr colormap written out by hand, independently of {@link Colormap}, for expected values in tests. */
final class BwrFormula {
    private BwrFormula() {}

    /** {r, g, b} in 0..255 for a value in [-1, 1]: blue to white on [-1, 0], white to red on [0, 1]. */
    static int[] rgb(double v) {
        if (v < 0) {
            int c = (int) Math.round(255 * (1 + v));
            return new int[] {c, c, 255};
        }
        int c = (int) Math.round(255 * (1 - v));
        return new int[] {255, c, c};
    }

    static int packed(double v) {
        int[] c = rgb(v);
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }
}
