package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --aggregate words} in the explain modes: extra JSONL fields that conserve relevance; refused where unsupported. */
class AggregateCliTest {

    @TempDir
    Path tmp;

    @Test
    void jsonlLinesCarryWordRelevance() {
        Path in = JsonlData.write(
                tmp.resolve("in.jsonl"), JsonlData.line(JsonlData.fields("prompt", JsonlData.SIX_FACTS)));
        Path out = tmp.resolve("out.jsonl");
        CliRun r = CliRun.command(
                "explain", "--prompts", in.toString(), "--jsonl", out.toString(), "--aggregate", "words");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> res = JsonlData.results(out);
        JsonNode line = res.get(0);
        assertEquals(line.get("text").size(), line.get("words").size(), "the demo vocabulary is whole words");
        double sum = 0;
        for (JsonNode v : line.get("word_relevance")) {
            sum += v.asDouble();
        }
        assertEquals(line.get("total_relevance").asDouble(), sum, 1e-9);
        assertEquals(" likes", line.get("words").get(2).asText());
    }

    @Test
    void promptModeAggregatesAndOtherModelsRefuse() {
        CliRun ok = CliRun.command(
                "explain",
                "--aggregate",
                "words",
                "--html",
                tmp.resolve("h.html").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("target: 'figs'"), ok.out());
        CliRun t5 = CliRun.command(
                "explain",
                "--model",
                Fixtures.dir("t5-gated").toString(),
                "--aggregate",
                "words",
                "x",
                "--html",
                tmp.resolve("t.html").toString());
        assertEquals(2, t5.code());
        assertTrue(t5.err().contains("--aggregate words is supported for decoder LMs"), t5.err());
        CliRun bad = CliRun.command("explain", "--aggregate", "lines");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("expected tokens or words"), bad.err());
    }
}
