package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapGridTest {
    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static List<List<HeatmapGrid.Cell>> cells(int rows, int cols, int w, int h, String label) {
        List<List<HeatmapGrid.Cell>> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<HeatmapGrid.Cell> row = new ArrayList<>();
            for (int c = 0; c < cols; c++) {
                row.add(new HeatmapGrid.Cell(label, solid(w, h, 0x100000 * (r + 1) + 0x10 * (c + 1))));
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void sizeAndCellPositions() {
        HeatmapGrid grid = new HeatmapGrid().padding(8).fontSize(14);
        assertEquals(20, grid.lineHeight());
        BufferedImage image = grid.compose(cells(2, 3, 30, 20, "a"));
        // width: 3 * 30 + 4 * 8; height: 2 * (20 label + 20 image) + 3 * 8
        assertEquals(122, image.getWidth());
        assertEquals(104, image.getHeight());
        // cell (row 1, column 2): left 8 + 2 * 38 = 84, image top 8 + 48 + 20 = 76
        assertEquals(0x200030, image.getRGB(84 + 15, 76 + 10) & 0xFFFFFF);
        assertEquals(0x200030, image.getRGB(84, 76) & 0xFFFFFF);
        assertEquals(0xFFFFFF, image.getRGB(83, 76) & 0xFFFFFF);
    }

    @Test
    void gammaGridLabelsEveryPair() {
        List<List<HeatmapGrid.Cell>> rows = HeatmapGrid.gammaGrid(
                new double[] {0.25, 1.0}, new double[] {0.05, 0.1, 0}, (conv, lin) -> solid(400, 50, 0xFF0000));
        assertEquals(2, rows.size());
        assertEquals(3, rows.get(0).size());
        assertEquals("conv \u03b3=0.25 / lin \u03b3=0.05", rows.get(0).get(0).label());
        assertEquals("conv \u03b3=1 / lin \u03b3=0", rows.get(1).get(2).label());
        BufferedImage image = new HeatmapGrid().compose(rows);
        assertEquals(3 * 400 + 4 * 8, image.getWidth());
        assertEquals(2 * (20 + 50) + 3 * 8, image.getHeight());
    }

    @Test
    void longLabelsWrapAndGrowTheLabelStrip() {
        HeatmapGrid grid = new HeatmapGrid();
        BufferedImage image = grid.compose(cells(2, 2, 40, 40, HeatmapGrid.gammaLabel(0.25, 0.05)));
        int labelStrips = image.getHeight() - (2 * 40 + 3 * 8);
        assertTrue(labelStrips > 2 * grid.lineHeight(), "wrapped: " + labelStrips);
        assertEquals(0, labelStrips % (2 * grid.lineHeight()));
        assertEquals(2 * 40 + 3 * 8, image.getWidth());
    }

    @Test
    void raggedRowsAndEmptyGrids() {
        List<List<HeatmapGrid.Cell>> rows = cells(2, 3, 10, 10, "");
        rows.get(1).remove(2);
        BufferedImage image = new HeatmapGrid().padding(2).compose(rows);
        assertEquals(3 * 10 + 4 * 2, image.getWidth());
        assertEquals(2 * 10 + 3 * 2, image.getHeight());
        assertEquals(0xFFFFFF, image.getRGB(2 + 2 * 12 + 5, 2 + 12 + 5) & 0xFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> new HeatmapGrid().compose(List.of(List.of())));
    }
}
