package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lxt4j explain --model CLIP --image … --text … --text …} writes an overlay heatmap of the image's size. */
class ClipImageCliTest {

    @TempDir
    Path tmp;

    private static final String TOKENIZER = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
            + "\"added_tokens\":[],\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
            + "\"post_processor\":{\"type\":\"TemplateProcessing\","
            + "\"single\":[{\"SpecialToken\":{\"id\":\"<sot>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
            + "{\"SpecialToken\":{\"id\":\"<eot>\",\"type_id\":0}}],"
            + "\"pair\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}}],"
            + "\"special_tokens\":{\"<sot>\":{\"id\":\"<sot>\",\"ids\":[318],\"tokens\":[\"<sot>\"]},"
            + "\"<eot>\":{\"id\":\"<eot>\",\"ids\":[319],\"tokens\":[\"<eot>\"]}}},\"decoder\":null,"
            + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"<pad>\":0,\"a\":1,\"dog\":2,\"cat\":3,\"photo\":4,"
            + "\"of\":5,\"<sot>\":318,\"<eot>\":319},\"unk_token\":\"<pad>\"}}";

    @Test
    void imageCommandWritesHeatmapOfTheImagesSize() throws Exception {
        Path model = tmp.resolve("clip");
        Files.createDirectories(model);
        for (String f : new String[] {"open_clip_config.json", "open_clip_model.safetensors"}) {
            Files.copy(Fixtures.dir("openclip-tiny").resolve(f), model.resolve(f));
        }
        Files.writeString(model.resolve("tokenizer.json"), TOKENIZER);
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                img.setRGB(x, y, ((x * 5) << 16) | ((y * 6) << 8) | ((x + y) * 2));
            }
        }
        Path image = tmp.resolve("in.png");
        ImageIO.write(img, "png", image.toFile());
        Path heatmap = tmp.resolve("heatmap.png");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        Path html = tmp.resolve("caption.html");
        int code = cl.execute(
                "explain",
                "--model",
                model.toString(),
                "--image",
                image.toString(),
                "--text",
                "a photo of a dog",
                "--text",
                "a cat",
                "--method",
                "cp-lrp",
                "--png",
                heatmap.toString(),
                "--html",
                html.toString(),
                "--no-color",
                "--target",
                "0,0",
                "--svg",
                tmp.resolve("c.svg").toString(),
                "--sign",
                "positive",
                "--outlier-perc",
                "1",
                "--alpha",
                "0.7");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("<- explained"), out.toString());
        // the explained caption's tokens, without its padding, as a terminal line and an HTML heatmap
        String caption = out.toString().substring(out.toString().indexOf("caption relevance:"));
        String line = caption.split("\\R")[1];
        assertTrue(
                line.matches("<sot>\\[[-+][0-9.]+\\] a\\[[-+][0-9.]+\\] photo\\[.*\\] dog\\[[-+][0-9.]+\\]"
                        + " <eot>\\[[-+][0-9.]+\\]"),
                line);
        String page = Files.readString(html);
        assertTrue(page.contains("photo") && page.contains("dog"), page);
        BufferedImage written = ImageIO.read(heatmap.toFile());
        assertEquals(48, written.getWidth());
        assertEquals(40, written.getHeight());
        // the model saw the centre 40x40 crop (columns 4..43): outside it the base is washed-out grayscale
        for (int x : new int[] {0, 3, 44, 47}) {
            int rgb = written.getRGB(x, 20);
            assertEquals((rgb >> 16) & 0xFF, rgb & 0xFF, "gray outside the crop at x=" + x);
            assertEquals((rgb >> 8) & 0xFF, rgb & 0xFF, "gray outside the crop at x=" + x);
        }
        assertTrue(Files.readString(tmp.resolve("c.svg")).contains("dog"), "--svg is honoured in CLIP mode");
    }
}
