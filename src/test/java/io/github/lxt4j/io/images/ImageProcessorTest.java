package io.github.lxt4j.io.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HF image processors from preprocessor_config.json: parsing every field, and the steps in HF's order. */
class ImageProcessorTest {

    @TempDir
    Path tmp;

    private static ImageProcessor parse(String json) throws IOException {
        return ImageProcessor.parse(JsonConfig.of(new ObjectMapper().readTree(json), "preprocessor_config.json"), 224);
    }

    /** google/vit-base-patch16-224's file: a bare number is a square, resample 2 is bilinear. */
    @Test
    void vitHubConfig() throws IOException {
        ImageProcessor p = parse("{\"do_normalize\": true, \"do_resize\": true, \"feature_extractor_type\":"
                + " \"ViTFeatureExtractor\", \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5],"
                + " \"resample\": 2, \"size\": 224}");
        assertEquals(ImageProcessor.vitDefaults(224), p);
        assertEquals(PillowResampler.Filter.BILINEAR, p.filter());
    }

    @Test
    void sizeAsHeightAndWidthAndRescaleFactor() throws IOException {
        ImageProcessor p = parse("{\"size\": {\"height\": 32, \"width\": 32}, \"resample\": 3,"
                + " \"rescale_factor\": 0.00392156862745098, \"image_mean\": [0.1, 0.2, 0.3],"
                + " \"image_std\": [0.4, 0.5, 0.6]}");
        assertEquals(32, p.height());
        assertEquals(32, p.width());
        assertEquals(PillowResampler.Filter.BICUBIC, p.filter());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, p.mean());
        assertArrayEquals(new double[] {0.4, 0.5, 0.6}, p.std());
    }

    /** DeiT's form: resize the shortest edge, then a center crop; HF floors the crop offsets. */
    @Test
    void shortestEdgeWithCenterCrop() throws IOException {
        ImageProcessor p = parse("{\"size\": {\"shortest_edge\": 40}, \"do_center_crop\": true,"
                + " \"crop_size\": {\"height\": 32, \"width\": 32}}");
        assertEquals(32, p.height());
        RgbImage src = ImagePreprocessorTest.pattern(60, 45);
        RgbImage resized = PillowResampler.resize(src, 53, 40, PillowResampler.Filter.BILINEAR);
        assertEquals(resized.crop(10, 4, 32, 32), p.resizeAndCrop(src), "53x40, crop offsets (21/2, 8/2) floored");
        double[] crop = p.cropInOriginal(60, 45);
        assertEquals(10 * 60.0 / 53, crop[0], 1e-12);
        assertEquals(4 * 45.0 / 40, crop[1], 1e-12);
    }

    @Test
    void switchedOffSteps() throws IOException {
        ImageProcessor p = parse("{\"do_resize\": false, \"do_rescale\": false, \"do_normalize\": false}");
        assertNull(p.resize());
        RgbImage img = ImagePreprocessorTest.pattern(224, 224);
        float[] v = p.normalize(img);
        assertEquals(img.get(5, 0, 0), v[5], 0, "no rescale, no normalisation: the 8-bit value");
        assertThrows(
                IllegalArgumentException.class,
                () -> p.resizeAndCrop(ImagePreprocessorTest.pattern(20, 20)),
                "without a resize an image of another size cannot reach the model's");
    }

    @Test
    void badValuesNameTheField() {
        for (String[] bad : new String[][] {
            {"{\"resample\": 0}", "resample"},
            {"{\"image_std\": [0.5, 0, 0.5]}", "image_std"},
            {"{\"image_mean\": [0.5, 0.5]}", "image_mean"},
            {"{\"size\": \"big\"}", "size"},
            {"{\"size\": {\"longest_edge\": 5}}", "size"},
            {"{\"size\": {\"shortest_edge\": 224}}", "crop"}
        }) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void aFolderWithoutTheFileGetsViTDefaults() {
        assertEquals(ImageProcessor.vitDefaults(32), ImageProcessor.read(tmp, 32));
    }

    /** A PNG through the whole pipeline: Pillow's bilinear resize, then (v/255 − 0.5)/0.5 per channel. */
    @Test
    void processesAnImageFile() throws IOException {
        RgbImage src = ImagePreprocessorTest.pattern(45, 30);
        Path png = tmp.resolve("p.png");
        ImageIO.write(src.toBufferedImage(), "png", png.toFile());
        Files.writeString(tmp.resolve(ImageProcessor.FILE), "{\"size\": {\"height\": 32, \"width\": 32}}");
        TensorData t = ImageProcessor.read(tmp, 224).process(png);
        assertArrayEquals(new long[] {1, 3, 32, 32}, t.shape());
        RgbImage resized = PillowResampler.resize(src, 32, 32, PillowResampler.Filter.BILINEAR);
        float[] v = t.toFloats();
        for (int c = 0; c < 3; c++) {
            for (int i : new int[] {0, 100, 1023}) {
                float expected = ((float) (resized.plane(c)[i] * (1 / 255.0)) - 0.5f) / 0.5f;
                assertEquals(expected, v[c * 1024 + i], 0, "channel " + c + " pixel " + i);
            }
        }
    }
}
