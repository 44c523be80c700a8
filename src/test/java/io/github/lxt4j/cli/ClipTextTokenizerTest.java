package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small CLIP BPE tokenizer ({@code </w>}, byte-level) for the openclip-tiny test model, kept apart from the
 * fixtures in src/test/resources/tokenizers/openclip-tiny (written by make_tokenizer.py there), and
 * {@code --tokenizer FILE}, which gives it to a model folder that has none.
 */
class ClipTextTokenizerTest {
    static final Path TOKENIZER = Path.of("src/test/resources/tokenizers/openclip-tiny/tokenizer.json");

    @TempDir
    Path tmp;

    @Test
    void captionsTokenizeAsClipDoesWithinTheModelsVocabulary() {
        long textVocab = JsonConfig.read(Fixtures.dir("openclip-tiny").resolve("open_clip_config.json"))
                .object("model_cfg")
                .object("text_cfg")
                .requireLong("vocab_size");
        try (HfTokenizer tok = HfTokenizer.open(TOKENIZER)) {
            assertEquals(textVocab, tok.vocabSize(), "fills the text tower's embedding table");
            long[] ids = tok.encode("A  Photo of a CAT!").ids();
            String[] tokens = java.util.Arrays.stream(ids).mapToObj(tok::token).toArray(String[]::new);
            assertArrayEquals(
                    new String[] {
                        "<|startoftext|>", "a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>", "!</w>", "<|endoftext|>"
                    },
                    tokens);
            assertEquals(textVocab - 1, ids[ids.length - 1], "<|endoftext|> has the highest id: OpenCLIP pools there");
            for (long id : ids) {
                assertTrue(id < textVocab, "id " + id);
            }
            assertEquals(TokenScheme.END_OF_WORD, TokenScheme.of(tok.tokenizerFile()));
            String[] sub = java.util.Arrays.stream(tok.encode("zebras").ids())
                    .mapToObj(tok::token)
                    .toArray(String[]::new);
            assertTrue(sub.length > 3, "an unseen word splits into sub-words: " + String.join(" ", sub));
            assertEquals(
                    "zebras",
                    String.join(
                                    "",
                                    TokenCleaner.cleanOrPassThrough(
                                            java.util.Arrays.copyOfRange(sub, 1, sub.length - 1),
                                            TokenScheme.END_OF_WORD))
                            .strip());
        }
    }

    @Test
    void theClipTestModelExplainsAnImageAgainstCaptionsFromText() throws Exception {
        BufferedImage img = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, ((x * 6) << 16) | ((y * 7) << 8) | 90);
            }
        }
        Path image = tmp.resolve("in.png");
        ImageIO.write(img, "png", image.toFile());
        Path png = tmp.resolve("overlay.png");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                Fixtures.dir("openclip-tiny").toString(),
                "--tokenizer",
                TOKENIZER.toString(),
                "--image",
                image.toString(),
                "--text",
                "a cat",
                "--text",
                "a photo of a dog",
                "--png",
                png.toString(),
                "--html",
                tmp.resolve("c.html").toString(),
                "--no-color");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("similarity to 'a cat': ") && r.out().contains("<- explained"), r.out());
        String caption =
                r.out().substring(r.out().indexOf("caption relevance:")).split("\\R")[1];
        assertTrue(
                caption.matches("<\\|startoftext\\|>\\[[-+][0-9.]+\\] ?a\\[.*\\] (cat|photo)\\[.*<\\|endoftext\\|>"
                        + "\\[[-+][0-9.]+\\]"),
                caption);
        BufferedImage overlay = ImageIO.read(png.toFile());
        assertEquals(40, overlay.getWidth());
        assertEquals(32, overlay.getHeight());
    }

    @Test
    void aMissingTokenizerFileExitsWithTwoAndNamesIt() {
        Path missing = tmp.resolve("nope/tokenizer.json");
        for (String[] args : new String[][] {
            {"explain", "--model", Fixtures.dir("t5-gated").toString(), "--tokenizer", missing.toString(), "hi"},
            {"generate", "--tokenizer", missing.toString()},
            {"eval", "--tokenizer", missing.toString(), "--limit", "1"}
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--tokenizer " + missing), r.err());
        }
    }

    @Test
    void generateAndEvalTakeTheTokenizerOfAFolderThatHasNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("kv"));
        for (String f : new String[] {"config.json", "model.safetensors", "eval.jsonl"}) {
            Files.copy(KvFolder.SOURCE.resolve(f), dir.resolve(f));
        }
        String tokenizer = KvFolder.SOURCE.resolve("tokenizer.json").toString();
        CliRun without = CliRun.command("generate", "--model", dir.toString());
        assertEquals(2, without.code());
        assertTrue(without.err().contains("--tokenizer FILE"), without.err());
        CliRun gen = CliRun.command(
                "generate", "--model", dir.toString(), "--tokenizer", tokenizer, "--max-new-tokens", "1", "--no-color");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.out().contains("generated: figs"), gen.out());
        CliRun eval = CliRun.command(
                "eval",
                "--model",
                dir.toString(),
                "--tokenizer",
                tokenizer,
                "--limit",
                "2",
                "--methods",
                "attnlrp",
                "--metrics",
                "accuracy");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("attnlrp"), eval.out());
    }
}
