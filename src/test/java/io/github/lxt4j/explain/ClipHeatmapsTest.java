package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.ClipFixture;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.viz.ClipHeatmaps;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heatmap PNG and the gamma grid search, on openclip-tiny. */
class ClipHeatmapsTest {

    @TempDir
    Path tmp;

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m)
                .flatMapToDouble(java.util.Arrays::stream)
                .toArray();
    }

    /** (x, y, value) of the entry with the largest magnitude. */
    static double[] peak(double[][] m) {
        double[] best = {0, 0, 0};
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[y].length; x++) {
                if (Math.abs(m[y][x]) > Math.abs(best[2])) {
                    best = new double[] {x, y, m[y][x]};
                }
            }
        }
        return best;
    }

    @Test
    void heatmapPngAndGammaGrid() throws Exception {
        Map<String, TensorData> ref = Fixtures.reference(ClipFixture.FIXTURE);
        long[] target = {0, 1};
        try (ClipExplainer explainer = new ClipExplainer(
                        ClipModel.fromPretrained(Fixtures.dir(ClipFixture.FIXTURE), Backends.djl(), DType.FLOAT32));
                TensorScope scope = TensorScope.open()) {
            io.github.lxt4j.models.DualEncoder clip = explainer.model();
            Tensor pixels = clip.pixels(ref.get("image"));
            Tensor ids = clip.backend()
                    .fromLongs(ref.get("text").toLongs(), ref.get("text").shape());

            // heatmap PNG: 32x32 map drawn at 64x64, bwr on [-1, 1] after dividing by the largest magnitude
            ClipExplanation e = explainer.explain(
                    pixels, ids, Method.CP_LRP, BatchOptions.defaults().withTarget(target));
            Compare.relevance32(
                    "cp_lrp.image.map",
                    flat(e.imageMap(0)),
                    ref.get("cp_lrp.image.map").toDoubles());
            Path png = tmp.resolve("heatmap.png");
            ClipHeatmaps.write(ClipHeatmaps.heatmap(e, 0, 64), png);
            BufferedImage read = ImageIO.read(png.toFile());
            assertEquals(64, read.getWidth());
            assertEquals(64, read.getHeight());
            double[] p = peak(e.imageMap(0));
            int rgb = read.getRGB(2 * (int) p[0], 2 * (int) p[1]) & 0xFFFFFF;
            assertEquals(p[2] > 0 ? 0xFF0000 : 0x0000FF, rgb, "the strongest pixel is pure red or blue");
            double v = e.imageMap(0)[5][7] / Math.abs(p[2]);
            int expected = io.github.lxt4j.viz.Colormap.BWR.rgb(v);
            assertEquals(expected, read.getRGB(14, 10) & 0xFFFFFF, "pixel (7, 5) colored by bwr of its scaled value");
            BufferedImage base = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            BufferedImage over = ClipHeatmaps.overlay(e, 0, base, 0.5);
            assertEquals(32, over.getWidth());

            // gamma grid: (0.25, 0.05) is the fixture's cp_lrp_gamma
            double[] convs = {0.25, 1.0};
            double[] lins = {0.05, 0.5, 2.0};
            GammaGridSearch.Result grid = GammaGridSearch.search(explainer, pixels, ids, target, convs, lins);
            Compare.relevance32(
                    "grid (0.25, 0.05)",
                    flat(grid.map(0, 0)),
                    ref.get("cp_lrp_gamma.image.map").toDoubles());
            double cos = cosine(flat(grid.map(1, 2)), flat(grid.map(0, 0)));
            assertTrue(cos < 0.9999, "larger gammas change the map, cosine " + cos);
            int cell = 64;
            int pad = 8;
            BufferedImage img = ClipHeatmaps.gammaGrid(grid, cell, null);
            assertEquals(3 * cell + 4 * pad, img.getWidth());
            int labelH = (img.getHeight() - 3 * pad) / 2 - cell;
            assertTrue(labelH > 0, "labels above the cells");
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    double[] pk = peak(grid.map(r, c));
                    int x0 = pad + c * (cell + pad);
                    int y0 = pad + r * (labelH + cell + pad) + labelH;
                    int at = img.getRGB(x0 + (int) pk[0] * cell / 32, y0 + (int) pk[1] * cell / 32) & 0xFFFFFF;
                    assertEquals(pk[2] > 0 ? 0xFF0000 : 0x0000FF, at, "cell " + r + "," + c + " peak color");
                }
            }
            Path gridPng = tmp.resolve("grid.png");
            ClipHeatmaps.write(img, gridPng);
            assertEquals(img.getWidth(), ImageIO.read(gridPng.toFile()).getWidth());
        }
    }

    static double cosine(double[] a, double[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }
}
