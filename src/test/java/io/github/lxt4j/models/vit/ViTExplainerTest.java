package io.github.lxt4j.models.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.ImageClassifierExplanation;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.RgbImage;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vit-tiny-cls beyond the fixture's arrays: each image of a batch explains as the image alone, checkpointing, the
 * Gamma variant, a contrast target, stored weight formats, and image files through the default processor.
 */
class ViTExplainerTest {

    static final Map<String, TensorData> REF = ViTFixtureTest.REF;
    static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    private static ImageClassifierExplainer explainer(LoadOptions options) {
        return new ImageClassifierExplainer(
                ViTForImageClassification.fromPretrained(Fixtures.dir("vit-tiny-cls"), options));
    }

    private static Tensor pixels(ImageClassifierExplainer ex) {
        return ex.model().pixels(REF.get("pixel_values"));
    }

    @Test
    void eachImageExplainsAsTheImageAlone() {
        float[] all = REF.get("pixel_values").toFloats();
        try (ImageClassifierExplainer ex = explainer(F32);
                TensorScope s = TensorScope.open()) {
            List<ImageClassifierExplanation> batch = ex.explain(
                    pixels(ex),
                    Target.argmax(),
                    Method.CP_LRP,
                    BatchOptions.defaults().withLayers(true));
            for (int b = 0; b < 2; b++) {
                float[] one = Arrays.copyOfRange(all, b * 3072, (b + 1) * 3072);
                ImageClassifierExplanation alone = ex.explain(
                                ex.model().pixels(TensorData.ofFloats(one, 1, 3, 32, 32)),
                                Target.argmax(),
                                Method.CP_LRP,
                                BatchOptions.defaults().withLayers(true))
                        .get(0);
                assertEquals(alone.predicted(), batch.get(b).predicted());
                Compare.relevance("image " + b, flat(batch.get(b).map()), flat(alone.map()), 1e-5, 0.99999);
                Compare.relevance(
                        "image " + b + " layer 1",
                        batch.get(b).layerRelevance()[1],
                        alone.layerRelevance()[1],
                        1e-5,
                        0.99999);
            }
        }
    }

    @Test
    void checkpointedLayersGiveTheSameRelevance() {
        try (ImageClassifierExplainer plain = explainer(F32);
                ImageClassifierExplainer ckpt = explainer(F32).checkpointLayers(true);
                TensorScope s = TensorScope.open()) {
            Map<String, TensorData> in = Map.of("pixel_values", REF.get("pixel_values"));
            BatchOptions opts = BatchOptions.defaults().withLayers(true);
            Map<String, TensorData> a = plain.explainBatch(in, Method.CP_LRP, opts);
            Map<String, TensorData> b = ckpt.explainBatch(in, Method.CP_LRP, opts);
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).toDoubles(), b.get(k).toDoubles(), 1e-6, k);
            }
        }
    }

    /**
     * zennit's Gamma with γ = 0 is the ε rule with its stabilizer 1e-6, so it stays within the fixture's tolerance of
     * cp_lrp; γ > 0 moves the relevance, which stays finite.
     */
    @Test
    void gammaVariantReachesThePatchConvAndTheMlp() {
        Map<String, TensorData> in = Map.of("pixel_values", REF.get("pixel_values"));
        try (ImageClassifierExplainer ex = explainer(F32);
                TensorScope s = TensorScope.open()) {
            double[] zero = ex.explainBatch(
                            in, Method.CP_LRP_GAMMA, BatchOptions.defaults().withGammas(0, 0))
                    .get("cp_lrp_gamma.pixels")
                    .toDoubles();
            Compare.relevance32("gamma 0", zero, REF.get("cp_lrp.pixels").toDoubles());
            double[] conv = ex.explainBatch(
                            in, Method.CP_LRP_GAMMA, BatchOptions.defaults().withGammas(0.25, 0))
                    .get("cp_lrp_gamma.pixels")
                    .toDoubles();
            double[] mlp = ex.explainBatch(
                            in, Method.CP_LRP_GAMMA, BatchOptions.defaults().withGammas(0, 0.05))
                    .get("cp_lrp_gamma.pixels")
                    .toDoubles();
            for (double[] moved : new double[][] {conv, mlp}) {
                assertTrue(Arrays.stream(moved).allMatch(Double::isFinite));
                assertTrue(Compare.measure(moved, zero).relativeError() > 1e-2, "a gamma must change the relevance");
            }
            assertThrows(
                    InvalidInputException.class,
                    () -> ex.explainBatch(
                            in, Method.CP_LRP_GAMMA, BatchOptions.defaults().withGammas(-1, 0)));
        }
    }

    /** logit(a) − logit(b): every rule hands back relevance linearly, so it is a's relevance minus b's. */
    @Test
    void contrastIsTheDifferenceOfItsClasses() {
        try (ImageClassifierExplainer ex = explainer(LoadOptions.of(Backends.djl(), DType.FLOAT64));
                TensorScope s = TensorScope.open()) {
            Tensor px = pixels(ex);
            BatchOptions o = BatchOptions.defaults();
            List<ImageClassifierExplanation> a = ex.explain(px, Target.token(4), Method.CP_LRP, o);
            List<ImageClassifierExplanation> b = ex.explain(px, Target.token(1), Method.CP_LRP, o);
            List<ImageClassifierExplanation> d = ex.explain(px, Target.contrastive(4, 1), Method.CP_LRP, o);
            for (int r = 0; r < 2; r++) {
                double[] expected = flat(a.get(r).map());
                double[] minus = flat(b.get(r).map());
                for (int i = 0; i < expected.length; i++) {
                    expected[i] -= minus[i];
                }
                Compare.relevance("image " + r, flat(d.get(r).map()), expected, 1e-8, 0.99999999);
                assertEquals(
                        a.get(r).targetValue() - b.get(r).targetValue(),
                        d.get(r).targetValue(),
                        1e-12);
            }
            assertEquals(2, ex.label("LABEL_2"));
            assertThrows(InvalidInputException.class, () -> ex.explain(px, Target.token(5), Method.CP_LRP, o));
        }
    }

    @Test
    void storedWeightFormatsRun() {
        Map<String, TensorData> in = Map.of("pixel_values", REF.get("pixel_values"));
        BatchOptions fixed = BatchOptions.defaults().withTarget(new long[] {3, 0});
        for (WeightFormat format : new WeightFormat[] {WeightFormat.BF16, WeightFormat.NF4}) {
            try (ImageClassifierExplainer ex = explainer(F32.withWeights(format));
                    TensorScope s = TensorScope.open()) {
                double[] q = ex.explainBatch(in, Method.CP_LRP, fixed)
                        .get("cp_lrp.pixels")
                        .toDoubles();
                assertTrue(Arrays.stream(q).allMatch(Double::isFinite));
                Compare.Agreement agreement =
                        Compare.measure(q, REF.get("cp_lrp.pixels").toDoubles());
                assertTrue(
                        agreement.cosine() >= (format == WeightFormat.BF16 ? 0.9999 : 0.95),
                        format + ": cosine " + agreement.cosine());
                assertTrue(agreement.relativeError() > 1e-3, format + " must differ from float32");
            }
        }
    }

    /** An image file through the folder's processor (none here: ViT's defaults at 32x32) into the model. */
    @Test
    void explainsAnImageFile() throws IOException {
        RgbImage img = pattern(50, 40);
        Path png = tmp.resolve("pattern.png");
        ImageIO.write(img.toBufferedImage(), "png", png.toFile());
        try (ImageClassifierExplainer ex = explainer(F32)) {
            ImageClassifierExplanation e = ex.explain(
                            List.of(png), Target.argmax(), Method.CP_LRP, BatchOptions.defaults())
                    .get(0);
            assertEquals(32, e.map().length);
            assertEquals(5, e.probabilities().length);
            assertEquals(1.0, Arrays.stream(e.probabilities()).sum(), 1e-9);
            assertEquals(e.predicted(), e.top(5)[0]);
        }
    }

    @Test
    void wrongPixelShapesAreRefused() {
        try (ImageClassifierExplainer ex = explainer(F32)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ex.model().pixels(TensorData.ofFloats(new float[3 * 16 * 16], 1, 3, 16, 16)));
            assertTrue(e.getMessage().contains("image_size is 32"), e.getMessage());
            assertThrows(
                    InvalidInputException.class,
                    () -> ex.explainBatch(
                            Map.of("image", REF.get("pixel_values")), Method.CP_LRP, BatchOptions.defaults()));
        }
    }

    private static RgbImage pattern(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = ((x * 37 + y * 11) % 256 << 16) | ((x * x + 3 * y) % 256 << 8) | (x * y * 7 + 13) % 256;
            }
        }
        return new RgbImage(w, h, px);
    }

    private static double[] flat(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
}
