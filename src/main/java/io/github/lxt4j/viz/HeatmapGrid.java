package io.github.lxt4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A grid of labelled images on white, as LXT uses for its gamma grid search: every pair of a conv gamma and a linear
 * gamma becomes one cell.
 *
 * <p>All cells have the size of the largest image; smaller images sit at the top left of their cell. Each label is
 * drawn above its image, wrapped to the cell width; the label strip of every row is as tall as the most-wrapped label
 * in the grid, {@link #lineHeight()} pixels per line. The image is
 * {@code columns * cellWidth + (columns + 1) * padding} wide and
 * {@code rows * (labelLines * lineHeight + cellHeight) + (rows + 1) * padding} high, where columns is the longest
 * row. A null cell stays empty.
 */
public final class HeatmapGrid {
    static {
        Headless.ensure();
    }

    /**
     * One cell: a label above an image.
     *
     * @param label text drawn above the image (may be empty)
     * @param image the image
     */
    public record Cell(String label, BufferedImage image) {
        /** Checks that label and image are present. */
        public Cell {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(image, "image");
        }
    }

    private int padding = 8;
    private int fontSize = 14;

    /** A grid with 8-pixel padding and 14-pixel labels. */
    public HeatmapGrid() {}

    /** Space around and between cells, in pixels (default 8). */
    public HeatmapGrid padding(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must not be negative, got " + padding);
        }
        this.padding = padding;
        return this;
    }

    /** Label font size in pixels (default 14). */
    public HeatmapGrid fontSize(int fontSize) {
        if (fontSize <= 0) {
            throw new IllegalArgumentException("font size must be positive, got " + fontSize);
        }
        this.fontSize = fontSize;
        return this;
    }

    /** Height of one label line in pixels: {@code round(1.4 * fontSize)}. */
    public int lineHeight() {
        return (int) Math.round(1.4 * fontSize);
    }

    /**
     * Composes the grid.
     *
     * @param rows rows of cells, top to bottom; rows may differ in length
     * @throws IllegalArgumentException if there is no cell at all
     */
    public BufferedImage compose(List<List<Cell>> rows) {
        Objects.requireNonNull(rows, "rows");
        int columns = 0;
        int cellW = 0;
        int cellH = 0;
        for (List<Cell> row : rows) {
            Objects.requireNonNull(row, "row");
            columns = Math.max(columns, row.size());
            for (Cell c : row) {
                if (c != null) {
                    cellW = Math.max(cellW, c.image().getWidth());
                    cellH = Math.max(cellH, c.image().getHeight());
                }
            }
        }
        if (cellW == 0) {
            throw new IllegalArgumentException(
                    "A heatmap grid needs at least one cell; got " + rows.size() + " rows without cells");
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
        Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = scratch.getFontMetrics(font);
        scratch.dispose();
        List<List<List<String>>> labels = new ArrayList<>();
        int labelLines = 0;
        for (List<Cell> row : rows) {
            List<List<String>> rowLabels = new ArrayList<>();
            for (Cell c : row) {
                List<String> lines = c == null ? List.of() : wrap(DisplayText.sanitize(c.label()), fm, cellW);
                rowLabels.add(lines);
                labelLines = Math.max(labelLines, lines.size());
            }
            labels.add(rowLabels);
        }
        int labelH = labelLines * lineHeight();
        int width = columns * cellW + (columns + 1) * padding;
        int height = rows.size() * (labelH + cellH) + (rows.size() + 1) * padding;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(font);
            g.setColor(Color.BLACK);
            for (int r = 0; r < rows.size(); r++) {
                int top = padding + r * (labelH + cellH + padding);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Cell cell = rows.get(r).get(c);
                    if (cell == null) {
                        continue;
                    }
                    int left = padding + c * (cellW + padding);
                    List<String> lines = labels.get(r).get(c);
                    for (int k = 0; k < lines.size(); k++) {
                        int baseline = top + k * lineHeight() + (lineHeight() - fm.getHeight()) / 2 + fm.getAscent();
                        g.drawString(lines.get(k), left, baseline);
                    }
                    g.drawImage(cell.image(), left, top + labelH, null);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The cells of a gamma grid search: one row per conv gamma, one column per linear gamma, each image made by
     * {@code render.apply(convGamma, linearGamma)} and labelled by {@link #gammaLabel(double, double)}.
     */
    public static List<List<Cell>> gammaGrid(
            double[] convGammas, double[] linearGammas, BiFunction<Double, Double, BufferedImage> render) {
        List<List<Cell>> rows = new ArrayList<>();
        for (double conv : convGammas) {
            List<Cell> row = new ArrayList<>();
            for (double lin : linearGammas) {
                row.add(new Cell(gammaLabel(conv, lin), render.apply(conv, lin)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@code "conv γ=0.25 / lin γ=0.05"}: each gamma in its shortest decimal form. */
    public static String gammaLabel(double convGamma, double linearGamma) {
        return "conv \u03b3=" + decimal(convGamma) + " / lin \u03b3=" + decimal(linearGamma);
    }

    private static String decimal(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Greedy word wrap to {@code width} pixels; a word longer than a line is broken between characters. */
    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ", -1)) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (fm.stringWidth(candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                while (fm.stringWidth(word) > width && word.codePointCount(0, word.length()) > 1) {
                    int end = word.offsetByCodePoints(0, 1);
                    while (end < word.length()
                            && fm.stringWidth(word.substring(0, word.offsetByCodePoints(end, 1))) <= width) {
                        end = word.offsetByCodePoints(end, 1);
                    }
                    lines.add(word.substring(0, end));
                    word = word.substring(end);
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
