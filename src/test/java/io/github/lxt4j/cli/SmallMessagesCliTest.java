package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.viz.HtmlHeatmap;
import io.github.lxt4j.viz.TerminalHeatmap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 8: the small ones, each a wrong message or a wrong word. */
class SmallMessagesCliTest {
    private static final String RLO = "\u202E";

    @TempDir
    Path tmp;

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains("error: " + expected), "expected 'error: " + expected + "' in: " + r.err());
    }

    @Test
    void clipOptionsOutOfRangeAreRefusedBeforeAnythingIsAnnouncedOrReplaced() throws Exception {
        Path png = Files.writeString(tmp.resolve("o.png"), "keep");
        Path html = Files.writeString(tmp.resolve("o.html"), "keep");
        String[] common = {
            "explain",
            "--model",
            Fixtures.dir("openclip-tiny").toString(),
            "--tokenizer",
            "src/test/resources/tokenizers/openclip-tiny/tokenizer.json",
            "--image",
            "docs/images/clip-overlay.png",
            "--text",
            "a cat",
            "--png",
            png.toString(),
            "--html",
            html.toString()
        };
        CliRun nan = CliRun.of(concat(common, "--alpha", "NaN"));
        assertRefused(nan, "--alpha NaN must be in [0, 1]");
        CliRun perc = CliRun.of(concat(common, "--outlier-perc", "150"));
        assertRefused(perc, "--outlier-perc 150.0 must be in [0, 100)");
        for (CliRun r : new CliRun[] {nan, perc}) {
            assertFalse(r.out().contains("replacing"), r.out());
        }
        assertEquals("keep", Files.readString(png));
        assertEquals("keep", Files.readString(html));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void clipPercentileIsNamedAsTheOption() {
        assertRefused(
                CliRun.command(
                        "explain",
                        "--clip-percentile",
                        "100",
                        "--html",
                        tmp.resolve("h.html").toString()),
                "--clip-percentile 100.0 must be in [0, 100)");
    }

    @Test
    void aTokenizerWithAnExtraTopLevelKeyLoadsAndADeviceIsNotAMissingFile() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tok = (ObjectNode)
                json.readTree(KvFolder.SOURCE.resolve("tokenizer.json").toFile());
        tok.putObject("added_by_a_newer_tool").put("x", 1);
        Path extra = tmp.resolve("tokenizer.json");
        json.writeValue(extra.toFile(), tok);
        CliRun with = CliRun.command(
                "explain",
                "--tokenizer",
                extra.toString(),
                "--html",
                tmp.resolve("a.html").toString());
        CliRun without =
                CliRun.command("explain", "--html", tmp.resolve("b.html").toString());
        assertEquals(0, with.code(), with.err());
        assertEquals(without.out().lines().findFirst(), with.out().lines().findFirst(), "the same explanation");
        assertRefused(
                CliRun.command(
                        "explain",
                        "--tokenizer",
                        "/dev/zero",
                        "--html",
                        tmp.resolve("c.html").toString()),
                "--tokenizer /dev/zero: not a regular file");
    }

    @Test
    void jacksonSettingsNeverAppearInMessages() throws Exception {
        Path saved = Files.writeString(tmp.resolve("r.jsonl"), "{\"text\": [\"a\"], \"relevance\": [NaN]}\n");
        CliRun nan = CliRun.command("show", saved.toString());
        assertRefused(nan, saved + " line 1: not valid JSON: NaN is not a JSON number (line 1, column 34)");
        Path deep = JsonlData.write(tmp.resolve("p.jsonl"), "[".repeat(1001) + "]".repeat(1001));
        CliRun nested = CliRun.command("explain", "--prompts", deep.toString(), "--jsonl", "-");
        assertRefused(nested, deep + ":1: not valid JSON: arrays or objects nested 1001 deep");
        for (CliRun r : new CliRun[] {nan, nested}) {
            assertFalse(
                    r.err().contains("Feature")
                            || r.err().contains("Constraints")
                            || r.err().contains("`"),
                    r.err());
        }
    }

    @Test
    void theDemoModelIsNamedNotItsTemporaryFolder() {
        CliRun info = CliRun.command("info");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().startsWith("model: the embedded demo model\n"), info.out());
        Path prompts = JsonlData.write(
                tmp.resolve("p.jsonl"), JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS, "target", "mango")));
        CliRun r = CliRun.command("explain", "--prompts", prompts.toString(), "--jsonl", "-");
        assertRefused(
                r,
                prompts + ":1: target 'mango' is not in the vocabulary of the embedded demo model's"
                        + " tokenizer.json");
        assertFalse(r.err().contains("lxt4j-demo"), r.err());
    }

    @Test
    void infoPrintsTheConfigItPromises() {
        CliRun info = CliRun.command("info", "--model", KvFolder.SOURCE.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(
                info.out().contains("\nconfig.json:\n")
                        && info.out().contains("\n  model_type: llama\n")
                        && info.out().contains("\n  max_position_embeddings: 128\n"),
                info.out());
    }

    @Test
    void bidiControlsAreNeutralisedInTheTerminalHtmlAndErrorLines() throws Exception {
        String[] tokens = {"abc" + RLO + "def", "\u2066x\u2069"};
        double[] rel = {1, -1};
        String term = new TerminalHeatmap().colors(false).render(tokens, rel);
        String page = new HtmlHeatmap().render(tokens, rel);
        for (String out : new String[] {term, page}) {
            for (char c : new char[] {'\u202E', '\u2066', '\u2069'}) {
                assertFalse(out.indexOf(c) >= 0, "U+" + Integer.toHexString(c) + " in: " + out);
            }
        }
        assertTrue(term.contains("abc\uFFFDdef"), term);
        Path prompts = JsonlData.write(
                tmp.resolve("p.jsonl"),
                JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS, "target", "x" + RLO + "y")));
        CliRun r = CliRun.command("explain", "--prompts", prompts.toString(), "--jsonl", "-");
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().contains(RLO), r.err());
    }

    @Test
    void showTellsACompactGenerationByItsFormatField() throws Exception {
        Path pretty = tmp.resolve("g.json");
        CliRun g = CliRun.command("generate", "--max-new-tokens", "2", "--json", pretty.toString());
        assertEquals(0, g.code(), g.err());
        Path compact = Files.writeString(
                tmp.resolve("compact.json"),
                new ObjectMapper().readTree(pretty.toFile()).toString() + "\n");
        assertEquals(1, Files.readAllLines(compact).size());
        CliRun a = CliRun.command("show", pretty.toString());
        CliRun b = CliRun.command("show", compact.toString());
        assertEquals(0, b.code(), b.err());
        assertEquals(a.out().replace(pretty.toString(), "F"), b.out().replace(compact.toString(), "F"));
    }

    @Test
    void evalRefusesAnAnswerNoTokenDecodesTo() {
        Path data = JsonlData.write(
                tmp.resolve("d.jsonl"),
                JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS, "answer", "figs")),
                JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS, "answer", "mango")));
        CliRun r =
                CliRun.command("eval", "--dataset", data.toString(), "--methods", "attnlrp", "--metrics", "accuracy");
        assertRefused(r, data.getFileName() + ":2: answer 'mango' is not a token of the vocabulary");
    }

    @Test
    void t5OutputNamesTheTargetToken() {
        Path model = T5Folder.write(tmp, "t5");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                model.toString(),
                "--html",
                tmp.resolve("h.html").toString(),
                "the cat sat");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .matches("(?s)model: .*   method: attnlrp   target: ('[^']*'|beyond the tokenizer's"
                                + " vocabulary) \\(id \\d+, value .*"),
                r.out());
        assertFalse(r.out().contains("target id "), r.out());
    }
}
