package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lxt4j spark-explain} with a sequence classifier (bert-tiny-cls and its WordPiece test tokenizer): each row's
 * relevance equals {@code explain --jsonl}'s line, the target holds the class index and its label, a bad label becomes
 * the row's error.
 */
class SparkClassifierCliTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    @Test
    void sequenceClassifierRowsEqualTheJsonLinesMode() throws Exception {
        Path model = tmp.resolve("bert");
        Files.createDirectories(model);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(Fixtures.dir("bert-tiny-cls").resolve(f), model.resolve(f));
        }
        Files.copy(
                Path.of("src/test/resources/tokenizers/bert-tiny-cls/tokenizer.json"), model.resolve("tokenizer.json"));
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(
                in,
                "{\"id\": 1, \"prompt\": \"the movie was great\"}\n"
                        + "{\"id\": 2, \"prompt\": \"boring\", \"target\": \"LABEL_2\"}\n"
                        + "{\"id\": 3, \"prompt\": \"fun\", \"target\": \"positive\"}\n");
        Path spark = tmp.resolve("spark.jsonl");
        CliRun r = CliRun.command(
                "spark-explain",
                "--model",
                model.toString(),
                "--input",
                in.toString(),
                "--output",
                spark.toString(),
                "--partitions",
                "2");
        assertEquals(0, r.code(), r.err());
        Path local = tmp.resolve("local.jsonl");
        Path good = tmp.resolve("good.jsonl");
        Files.write(good, Files.readAllLines(in).subList(0, 2));
        CliRun jsonl = CliRun.command(
                "explain", "--model", model.toString(), "--prompts", good.toString(), "--jsonl", local.toString());
        assertEquals(0, jsonl.code(), jsonl.err());
        ObjectMapper json = new ObjectMapper();
        List<String> sparkLines = Files.readAllLines(spark);
        List<String> localLines = Files.readAllLines(local);
        assertEquals(3, sparkLines.size());
        for (int i = 0; i < 2; i++) {
            JsonNode a = json.readTree(sparkLines.get(i));
            JsonNode b = json.readTree(localLines.get(i));
            assertEquals(b.get("tokens"), a.get("tokens"));
            double[] ra = json.convertValue(a.get("relevance"), double[].class);
            double[] rb = json.convertValue(b.get("relevance"), double[].class);
            Compare.relevance("row " + i, ra, rb, 1e-5, 0.99999);
            assertEquals(
                    b.get("target").get("label").asText(),
                    a.get("target").get("token").asText());
            assertEquals(
                    b.get("target").get("id").asLong(),
                    a.get("target").get("id").asLong());
        }
        JsonNode bad = json.readTree(sparkLines.get(2));
        assertTrue(bad.get("error").asText().contains("positive"), sparkLines.get(2));
    }
}
