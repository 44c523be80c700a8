package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lxt4j show}: saved JSONL lines, batch safetensors rows and generations rendered again, compared on structure. */
class ShowCliTest {

    @TempDir
    Path tmp;

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void jsonlLinesRenderToEveryFormat() throws Exception {
        Path in = JsonlData.write(
                tmp.resolve("in.jsonl"),
                JsonlData.line(JsonlData.fields("id", "a", "prompt", JsonlData.SIX_FACTS)),
                JsonlData.line(JsonlData.fields("id", "b", "prompt", JsonlData.TWO_FACTS)));
        Path saved = tmp.resolve("out.jsonl");
        assertEquals(
                0,
                CliRun.command("explain", "--prompts", in.toString(), "--jsonl", saved.toString())
                        .code());
        JsonNode second = JsonlData.results(saved).get(1);
        Path html = tmp.resolve("s.html");
        Path svg = tmp.resolve("s.svg");
        Path png = tmp.resolve("s.png");
        Path pdf = tmp.resolve("s.pdf");
        CliRun r = CliRun.command(
                "show",
                saved.toString(),
                "--line",
                "2",
                "--html",
                html.toString(),
                "--svg",
                svg.toString(),
                "--png",
                png.toString(),
                "--pdf",
                pdf.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("line 1 (id \"a\"):") && r.out().contains("line 2 (id \"b\"):"), r.out());
        assertFalse(r.out().contains("\u001b["), "no colours off a terminal");
        String page = Files.readString(html);
        assertEquals(second.get("text").size(), count(page, "<span class=\"token\""));
        double r0 = second.get("relevance").get(0).asDouble();
        assertTrue(page.contains(String.format(Locale.ROOT, "R=%.4g", r0)), "the saved relevance is shown");
        assertTrue(Files.readString(svg).contains("<svg"));
        assertEquals(0x89, Files.readAllBytes(png)[0] & 0xFF, "a PNG signature");
        assertTrue(
                new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-"));
        CliRun outside = CliRun.command("show", saved.toString(), "--line", "3");
        assertEquals(2, outside.code());
        assertTrue(outside.err().contains("--line 3 is outside 1..2"), outside.err());
    }

    @Test
    void batchRowsDropPaddingAndSpellTheirIds() throws Exception {
        Path kv = Fixtures.dir("kv-retrieval");
        long[] ids;
        try (HfTokenizer tok = HfTokenizer.open(kv)) {
            ids = tok.encode("alice likes red").ids();
        }
        int t = ids.length + 1;
        long[] idRows = new long[2 * t];
        long[] mask = new long[2 * t];
        System.arraycopy(ids, 0, idRows, 1, ids.length); // row 0 left-padded by one
        System.arraycopy(ids, 0, idRows, t, ids.length);
        for (int i = 1; i < t; i++) {
            mask[i] = 1;
        }
        for (int i = 0; i < ids.length; i++) {
            mask[t + i] = 1;
        }
        double[] rel = new double[2 * t];
        for (int i = 0; i < rel.length; i++) {
            rel[i] = i - 2.5;
        }
        Path inputs = tmp.resolve("in.safetensors");
        Path output = tmp.resolve("out.safetensors");
        SafetensorsWriter.write(
                inputs,
                Map.of(
                        "input_ids",
                        TensorData.ofLongs(idRows, 2, t),
                        "attention_mask",
                        TensorData.ofLongs(mask, 2, t)));
        SafetensorsWriter.write(output, Map.of("attnlrp.tokens", TensorData.ofDoubles(rel, 2, t)));
        Path html = tmp.resolve("b.html");
        CliRun r = CliRun.command(
                "show",
                output.toString(),
                "--inputs",
                inputs.toString(),
                "--tokenizer",
                kv.toString(),
                "--html",
                html.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertEquals(ids.length, count(page, "<span class=\"token\""), "the pad position is left out");
        assertFalse(page.contains("R=-2.500"), "the pad's relevance is not shown");
        assertTrue(page.contains("R=-1.500") && page.contains(">alice<"), page);
        CliRun row1 = CliRun.command("show", output.toString(), "--row", "1", "--no-color");
        assertEquals(0, row1.code(), row1.err());
        assertTrue(
                row1.out().contains("#0[") && row1.out().contains("#" + (t - 1) + "["),
                "positions without --inputs: " + row1.out());
        CliRun noKey = CliRun.command("show", output.toString(), "--method", "cp-lrp");
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("no 'cp_lrp.tokens'"), noKey.err());
    }

    @Test
    void aGenerationRendersTheSameMatrixAgain() throws Exception {
        Path json = tmp.resolve("g.json");
        Path direct = tmp.resolve("direct.html");
        assertEquals(
                0,
                CliRun.command(
                                "generate",
                                "--max-new-tokens",
                                "2",
                                "--json",
                                json.toString(),
                                "--html",
                                direct.toString())
                        .code());
        Path again = tmp.resolve("again.html");
        CliRun r = CliRun.command("show", json.toString(), "--html", again.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("→ ")).count(), r.out());
        String a = Files.readString(direct);
        String b = Files.readString(again);
        assertEquals(a.substring(a.indexOf("<table")), b.substring(b.indexOf("<table")), "the same matrix");
        CliRun png = CliRun.command(
                "show", json.toString(), "--png", tmp.resolve("g.png").toString());
        assertEquals(2, png.code());
        assertTrue(png.err().contains("terminal and --html"), png.err());
        List<String> broken = List.of("{", "  \"format\": \"something else\"", "}");
        Path bad = Files.write(tmp.resolve("bad.json"), broken);
        CliRun refused = CliRun.command("show", bad.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("not a saved generation"), refused.err());
    }
}
