package io.github.lxt4j.viz;

/**
 * Where one piece of a token was drawn, in the renderer's coordinates (pixels for PNG, user units for SVG; y grows
 * downwards). A token broken over lines has one box per piece; an empty token has one box of width 0.
 *
 * @param token index of the token
 * @param text the text drawn in this box
 * @param x left edge
 * @param y top edge
 * @param width box width
 * @param height box height
 */
public record TokenBox(int token, String text, double x, double y, double width, double height) {
    /** Whether the point lies inside the box. */
    public boolean contains(double px, double py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }
}
