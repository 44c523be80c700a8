package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lxt4j explain} with the classifier fixtures: bert-tiny-cls from text (its WordPiece test tokenizer) with the
 * label printout, --target and --contrast; the batch interface with the fixtures' keys; vit-tiny-cls with --image.
 */
class ClassifierCliTest {

    static final Path BERT = Fixtures.dir("bert-tiny-cls");
    static final Path VIT = Fixtures.dir("vit-tiny-cls");
    static final String TOKENIZER = "src/test/resources/tokenizers/bert-tiny-cls/tokenizer.json";

    @TempDir
    Path tmp;

    private CliRun text(String... extra) {
        String[] base = {
            "explain",
            "--model",
            BERT.toString(),
            "--tokenizer",
            TOKENIZER,
            "--no-color",
            "--html",
            tmp.resolve("h.html").toString(),
            "the movie was great"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    /** label → probability as printed. */
    private static Map<String, Double> distribution(String out) {
        Map<String, Double> p = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^  (LABEL_\\d)\\s+([0-9.]+)").matcher(out);
        while (m.find()) {
            p.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return p;
    }

    @Test
    void textPrintsTheLabelDistributionAndTheHeatmap() throws Exception {
        CliRun r = text();
        assertEquals(0, r.code(), r.err());
        Map<String, Double> p = distribution(r.out());
        assertEquals(3, p.size(), r.out());
        assertEquals(1.0, p.values().stream().mapToDouble(Double::doubleValue).sum(), 2e-4, r.out());
        String first = p.keySet().iterator().next();
        assertTrue(p.values().stream().allMatch(v -> v <= p.get(first)), "most probable first: " + r.out());
        assertTrue(r.out().contains(first + " ") && r.out().contains("<- predicted"), r.out());
        assertTrue(r.out().contains("explained: " + first + " (logit"), r.out());
        assertTrue(
                r.out().contains("[CLS]")
                        && r.out().contains("great")
                        && r.out().contains("[SEP]"),
                r.out());
        assertTrue(Files.readString(tmp.resolve("h.html")).contains("great"));
    }

    @Test
    void targetAndContrastPickTheExplainedLabels() {
        CliRun target = text("--target", "LABEL_2");
        assertEquals(0, target.code(), target.err());
        assertTrue(target.out().contains("explained: LABEL_2 (value"), target.out());
        CliRun contrast = text("--target", "LABEL_2", "--contrast", "label_0");
        assertEquals(0, contrast.code(), contrast.err());
        assertTrue(contrast.out().contains("explained: LABEL_2 − LABEL_0 (logit difference"), contrast.out());
        CliRun predicted = text("--contrast", "LABEL_1");
        assertTrue(predicted.out().contains(" − LABEL_1 (logit difference"), predicted.out());
        CliRun unknown = text("--target", "positive");
        assertEquals(2, unknown.code(), unknown.out());
        assertTrue(unknown.err().contains("LABEL_0, LABEL_1, LABEL_2"), unknown.err());
    }

    @Test
    void jsonLinesCarryLabelAndProbabilities() throws Exception {
        Path prompts = tmp.resolve("p.jsonl");
        Files.writeString(
                prompts,
                "{\"id\": 7, \"prompt\": \"the movie was great\"}\n"
                        + "{\"prompt\": \"a terrible, boring film\", \"target\": \"LABEL_2\"}\n\"it was fun\"\n");
        Path results = tmp.resolve("r.jsonl");
        CliRun r = CliRun.of(
                "explain",
                "--model",
                BERT.toString(),
                "--tokenizer",
                TOKENIZER,
                "--prompts",
                prompts.toString(),
                "--jsonl",
                results.toString(),
                "--batch-size",
                "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(results);
        assertEquals(3, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 3; i++) {
            JsonNode line = json.readTree(lines.get(i));
            JsonNode p = line.get("probabilities");
            assertEquals(3, p.size(), lines.get(i));
            double sum = 0;
            String best = null;
            for (String label : new String[] {"LABEL_0", "LABEL_1", "LABEL_2"}) {
                sum += p.get(label).asDouble();
                best = best == null || p.get(label).asDouble() > p.get(best).asDouble() ? label : best;
            }
            assertEquals(1.0, sum, 1e-9);
            assertEquals(best, line.get("label").asText(), "the predicted label");
            assertEquals(
                    i == 1 ? "LABEL_2" : best, line.get("target").get("label").asText());
            assertEquals(line.get("tokens").size(), line.get("relevance").size());
            assertEquals("[CLS]", line.get("tokens").get(0).asText());
        }
        assertEquals(7, json.readTree(lines.get(0)).get("id").asInt());
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"fine\", \"target\": \"positive\"}\n");
        CliRun refused = CliRun.of(
                "explain",
                "--model",
                BERT.toString(),
                "--tokenizer",
                TOKENIZER,
                "--prompts",
                bad.toString(),
                "--jsonl",
                "-");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("bad.jsonl:1") && refused.err().contains("LABEL_0"), refused.err());
    }

    @Test
    void showRendersClassifierResults() throws Exception {
        Path prompts = tmp.resolve("p.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"the movie was great\", \"target\": \"LABEL_1\"}\n");
        Path results = tmp.resolve("r.jsonl");
        assertEquals(
                0,
                CliRun.of(
                                "explain",
                                "--model",
                                BERT.toString(),
                                "--tokenizer",
                                TOKENIZER,
                                "--prompts",
                                prompts.toString(),
                                "--jsonl",
                                results.toString())
                        .code());
        CliRun shown = CliRun.of("show", results.toString(), "--no-color");
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("→ LABEL_1") && shown.out().contains("great"), shown.out());
        Map<String, TensorData> ref = Fixtures.reference("vit-tiny-cls");
        Path in = tmp.resolve("px.safetensors");
        SafetensorsWriter.write(in, Map.of("pixel_values", ref.get("pixel_values")));
        Path out = tmp.resolve("vit.safetensors");
        assertEquals(
                0,
                CliRun.of(
                                "explain",
                                "--model",
                                VIT.toString(),
                                "--method",
                                "cp-lrp",
                                "--inputs",
                                in.toString(),
                                "--output",
                                out.toString())
                        .code());
        Path png = tmp.resolve("map.png");
        CliRun map = CliRun.of("show", out.toString(), "--row", "1", "--png", png.toString());
        assertEquals(0, map.code(), map.err());
        assertEquals(256, ImageIO.read(png.toFile()).getWidth(), "32 map pixels, 8 each");
        CliRun noPng = CliRun.of("show", out.toString());
        assertEquals(2, noPng.code());
        assertTrue(noPng.err().contains("--png"), noPng.err());
    }

    @Test
    void evalScoresASequenceClassifier() throws Exception {
        Path data = tmp.resolve("eval.jsonl");
        Files.writeString(
                data,
                "{\"prompt\": \"a good film\", \"answer\": \"LABEL_1\"}\n"
                        + "{\"prompt\": \"boring and bad\", \"answer\": \"LABEL_2\", \"source_position\": 1}\n");
        CliRun r = CliRun.of(
                "eval",
                "--model",
                BERT.toString(),
                "--tokenizer",
                TOKENIZER,
                "--dataset",
                data.toString(),
                "--methods",
                "attnlrp,gradient-x-input",
                "--steps",
                "2",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(2, report.get("setup").get("texts").asInt(), r.out());
        assertEquals("[UNK]", report.get("setup").get("baseline_token").asText());
    }

    @Test
    void batchModeWritesTheFixtureKeys() throws Exception {
        Map<String, TensorData> ref = Fixtures.reference("bert-tiny-cls");
        Path in = tmp.resolve("in.safetensors");
        SafetensorsWriter.write(
                in,
                Map.of(
                        "input_ids",
                        ref.get("input_ids"),
                        "attention_mask",
                        ref.get("attention_mask"),
                        "token_type_ids",
                        ref.get("token_type_ids")));
        Path out = tmp.resolve("out.safetensors");
        CliRun r = CliRun.of(
                "explain",
                "--model",
                BERT.toString(),
                "--inputs",
                in.toString(),
                "--output",
                out.toString(),
                "--layers");
        assertEquals(0, r.code(), r.err());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            for (String k : new String[] {
                "attnlrp.tokens",
                "attnlrp.embeddings",
                "attnlrp.position_embeddings",
                "attnlrp.token_type_embeddings",
                "attnlrp.layer.0",
                "attnlrp.layer.1"
            }) {
                Compare.relevance32(k, f.read(k).toDoubles(), ref.get(k).toDoubles());
            }
            Compare.absolute(
                    "logits", f.read("logits").toDoubles(), ref.get("logits").toDoubles(), 1e-4);
        }
        Path out64 = tmp.resolve("out64.safetensors");
        CliRun f64 = CliRun.of(
                "explain",
                "--model",
                BERT.toString(),
                "--inputs",
                in.toString(),
                "--output",
                out64.toString(),
                "--dtype",
                "float64");
        assertEquals(0, f64.code(), f64.err());
        try (SafetensorsFile f = SafetensorsFile.open(out64)) {
            Compare.relevance(
                    "float64",
                    f.read("attnlrp.embeddings").toDoubles(),
                    ref.get("attnlrp_float64.embeddings").toDoubles(),
                    1e-6,
                    0.999999);
        }
    }

    @Test
    void vitBatchAndImageModes() throws Exception {
        Map<String, TensorData> ref = Fixtures.reference("vit-tiny-cls");
        Path in = tmp.resolve("px.safetensors");
        SafetensorsWriter.write(in, Map.of("pixel_values", ref.get("pixel_values")));
        Path out = tmp.resolve("vit.safetensors");
        CliRun r = CliRun.of(
                "explain",
                "--model",
                VIT.toString(),
                "--method",
                "cp-lrp",
                "--inputs",
                in.toString(),
                "--output",
                out.toString(),
                "--layers",
                "--dtype",
                "float64");
        assertEquals(0, r.code(), r.err());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            for (String k : new String[] {".pixels", ".map", ".layer.0", ".layer.1"}) {
                Compare.relevance(
                        k,
                        f.read("cp_lrp" + k).toDoubles(),
                        ref.get("cp_lrp_float64" + k).toDoubles(),
                        1e-6,
                        0.999999);
            }
            assertArrayEquals(new long[] {2, 5}, f.read("logits").shape());
        }
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                img.setRGB(x, y, ((x * 5) << 16) | ((y * 6) << 8) | ((x + y) * 2));
            }
        }
        Path image = tmp.resolve("in.png");
        ImageIO.write(img, "png", image.toFile());
        Path png = tmp.resolve("overlay.png");
        CliRun im = CliRun.of(
                "explain",
                "--model",
                VIT.toString(),
                "--method",
                "cp-lrp",
                "--image",
                image.toString(),
                "--png",
                png.toString(),
                "--contrast",
                "LABEL_4");
        assertEquals(0, im.code(), im.err());
        assertTrue(im.out().contains("1. LABEL_") && im.out().contains("5. LABEL_"), im.out());
        assertTrue(im.out().contains(" − LABEL_4 (logit difference"), im.out());
        BufferedImage overlay = ImageIO.read(png.toFile());
        assertEquals(48, overlay.getWidth());
        assertEquals(40, overlay.getHeight());
    }
}
