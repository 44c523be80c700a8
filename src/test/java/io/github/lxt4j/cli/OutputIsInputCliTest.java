package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 3: no command writes over one of its inputs, under any spelling, hard link or symbolic link. */
class OutputIsInputCliTest {
    @TempDir
    Path tmp;

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    private Path batchInputs() {
        return BatchInputs.write("llama-tiny", tmp.resolve("in.safetensors"));
    }

    private CliRun batch(Path in, String out) {
        return CliRun.command(
                "explain",
                "--model",
                Fixtures.dir("llama-tiny").toString(),
                "--inputs",
                in.toString(),
                "--output",
                out);
    }

    @Test
    void batchOutputIsRefusedUnderEverySpellingOfItsInput() throws Exception {
        Path in = batchInputs();
        byte[] before = Files.readAllBytes(in);
        Path sub = Files.createDirectory(tmp.resolve("sub"));
        Path dirLink = Files.createSymbolicLink(tmp.resolve("dirlink"), tmp);
        Path hard = Files.createLink(tmp.resolve("hard.safetensors"), in);
        for (String spelling : new String[] {
            in.toString(),
            sub.resolve("..").resolve("in.safetensors").toString(),
            dirLink.resolve("in.safetensors").toString(),
            hard.toString()
        }) {
            assertRefused(batch(in, spelling), "--output " + spelling + " is the --inputs file");
        }
        assertArrayEquals(before, Files.readAllBytes(in), "the inputs are left as they were");
    }

    @Test
    void showDoesNotRenderOverTheSavedResults() throws Exception {
        Path prompts = JsonlData.write(tmp.resolve("p.jsonl"), JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS)));
        Path saved = tmp.resolve("r.jsonl");
        assertEquals(
                0,
                CliRun.command("explain", "--prompts", prompts.toString(), "--jsonl", saved.toString())
                        .code());
        String results = Files.readString(saved);
        assertRefused(
                CliRun.command("show", saved.toString(), "--html", saved.toString()),
                "--html " + saved + " is the shown file");
        Path hard = Files.createLink(tmp.resolve("alias.html"), saved);
        assertRefused(
                CliRun.command("show", saved.toString(), "--svg", hard.toString()),
                "--svg " + hard + " is the shown file");
        assertEquals(results, Files.readString(saved));
    }

    @Test
    void jsonlResultsThroughAHardLinkOfThePromptsAreRefused() throws Exception {
        Path prompts = JsonlData.write(tmp.resolve("p.jsonl"), JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS)));
        Path hard = Files.createLink(tmp.resolve("r.jsonl"), prompts);
        assertRefused(
                CliRun.command("explain", "--prompts", prompts.toString(), "--jsonl", hard.toString()),
                "--jsonl " + hard + " is the --prompts file");
        assertEquals(1, Files.readAllLines(prompts).size());
    }

    @Test
    void noOutputReplacesAFileOfTheModelFolderOrTheTokenizer() throws Exception {
        Path model = KvFolder.withConfig(tmp.resolve("m"), c -> {});
        String config = Files.readString(model.resolve("config.json"));
        assertRefused(
                CliRun.command(
                        "explain",
                        "--model",
                        model.toString(),
                        "--html",
                        model.resolve("config.json").toString()),
                "is the model folder's config.json");
        Path tokenizer = model.resolve("tokenizer.json");
        assertRefused(
                CliRun.command("generate", "--model", model.toString(), "--json", tokenizer.toString()),
                "is the model folder's tokenizer.json");
        Path copy = Files.copy(tokenizer, tmp.resolve("tok.json"));
        assertRefused(
                CliRun.command(
                        "explain",
                        "--tokenizer",
                        copy.toString(),
                        "--svg",
                        copy.toString(),
                        "--html",
                        tmp.resolve("h.html").toString()),
                "--svg " + copy + " is the --tokenizer file");
        assertEquals(config, Files.readString(model.resolve("config.json")));
        assertTrue(Files.readString(copy).startsWith("{"));
    }

    @Test
    void theClipOverlayDoesNotReplaceTheImageItExplains() throws Exception {
        Path image = Files.copy(Path.of("docs/images/clip-overlay.png"), tmp.resolve("cat.png"));
        byte[] before = Files.readAllBytes(image);
        assertRefused(
                CliRun.command(
                        "explain",
                        "--model",
                        Fixtures.dir("openclip-tiny").toString(),
                        "--image",
                        image.toString(),
                        "--text",
                        "a cat",
                        "--png",
                        image.toString(),
                        "--html",
                        tmp.resolve("h.html").toString()),
                "--png " + image + " is the --image file");
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void quantizeRefusesAFolderThatIsOrHoldsTheModel() throws Exception {
        Path model = KvFolder.withConfig(tmp.resolve("models").resolve("kv"), c -> {});
        assertRefused(
                CliRun.command(
                        "quantize",
                        "--model",
                        model.toString(),
                        "--weights",
                        "nf4",
                        "--dequantize",
                        model.toString(),
                        "--force"),
                "--dequantize " + model + " is the model folder");
        Path parent = model.getParent();
        CliRun r = CliRun.command(
                "quantize",
                "--model",
                model.toString(),
                "--weights",
                "nf4",
                "--dequantize",
                parent.toString(),
                "--force");
        assertRefused(r, "--dequantize " + parent + " holds the model folder");
        assertFalse(r.out().contains("replacing"), r.out());
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")), "the model is still there");
    }

    @Test
    void twoOutputsOfOneRunMayNotBeTheSameFile() {
        Path html = tmp.resolve("same");
        assertRefused(
                CliRun.command("explain", "--html", html.toString(), "--svg", html.toString()),
                "--svg " + html + " is also the output of --html; give each output its own path");
        assertFalse(Files.exists(html));
    }
}
