package io.github.lxt4j.viz;

import java.awt.Color;

/**
 * A diverging colormap on [-1, 1], linear between its anchor colors; values outside are clamped.
 *
 * <p>{@link #BWR} is matplotlib's {@code bwr}: -1 is blue (0,0,1), 0 white (1,1,1), 1 red (1,0,0). Matplotlib
 * samples it into a 256-entry table and LXT truncates to bytes; this class interpolates exactly and rounds, so a
 * channel may differ from LXT's by a few units of 255.
 */
public final class Colormap {
    /** Blue, white, red: matplotlib's {@code bwr}. */
    public static final Colormap BWR = new Colormap("bwr");

    private final String name;

    private Colormap(String name) {
        this.name = name;
    }

    /** The matplotlib name of this map. */
    public String name() {
        return name;
    }

    /**
     * The color of {@code value} as red, green and blue in [0, 1], unrounded. Values outside [-1, 1] are clamped.
     *
     * @throws InvalidRelevanceException if {@code value} is NaN
     */
    public double[] rgbUnit(double value) {
        if (Double.isNaN(value)) {
            throw new InvalidRelevanceException("Colormap " + name + " got NaN; relevance must be a number in [-1, 1]");
        }
        double v = Math.max(-1, Math.min(1, value));
        // blue (0,0,1) -> white (1,1,1) on [-1, 0], white -> red (1,0,0) on [0, 1]; written per half so that no
        // rounding of an intermediate position shifts a channel that lies exactly on .5
        return v < 0 ? new double[] {1 + v, 1 + v, 1} : new double[] {1, 1 - v, 1 - v};
    }

    /** The color of {@code value} as {@code {r, g, b}} in 0..255, rounded to nearest. */
    public int[] rgbComponents(double value) {
        double[] c = rgbUnit(value);
        return new int[] {toByte(c[0]), toByte(c[1]), toByte(c[2])};
    }

    /** The color of {@code value} packed as {@code 0xRRGGBB}. */
    public int rgb(double value) {
        int[] c = rgbComponents(value);
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }

    /** The color of {@code value} as an opaque AWT color. */
    public Color color(double value) {
        return new Color(rgb(value));
    }

    /** {@code #rrggbb} of a packed {@code 0xRRGGBB} color. */
    public static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }

    private static int toByte(double unit) {
        return (int) Math.round(unit * 255);
    }

    @Override
    public String toString() {
        return "Colormap[" + name + "]";
    }
}
