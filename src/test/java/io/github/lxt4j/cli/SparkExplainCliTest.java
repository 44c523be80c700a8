package io.github.lxt4j.cli;

import static io.github.lxt4j.cli.JsonlData.fields;
import static io.github.lxt4j.cli.JsonlData.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lxt4j spark-explain} on the test JVM's {@code local[2]} session: its JSON Lines output equals
 * {@code explain --prompts --jsonl} byte for byte when each partition holds the JSON Lines mode's batches, and line
 * for line and field for field otherwise (other batches pad differently, which changes float32 summation order:
 * numbers within 1e-5 of max(1, |b|), arrays within 1e-5·max|b|), for the demo model and for T5; bad lines become
 * error lines; Parquet in and out; bad options exit with 2.
 */
class SparkExplainCliTest {
    private static final double RELATIVE = 1e-5;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    private static CliRun ok(String command, String... args) {
        CliRun r = CliRun.command(command, args);
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        return r;
    }

    private Path demoInput(int prompts) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> eval = Files.readAllLines(DemoModel.folder().resolve("eval.jsonl"));
        for (int i = 0; i < prompts; i++) {
            String prompt = JsonlData.JSON.readTree(eval.get(i)).get("prompt").textValue();
            switch (i % 4) {
                case 0 -> lines.add(line(fields("id", i, "prompt", prompt)));
                case 1 -> lines.add('"' + prompt + '"');
                case 2 -> lines.add(line(fields("id", "q" + i, "prompt", prompt, "target", "pink", "x", 1)));
                default -> lines.add(line(fields("id", Map.of("n", List.of(i)), "prompt", prompt, "target", 39)));
            }
            if (i == 5) {
                lines.add("  ");
            }
        }
        return JsonlData.write(tmp.resolve("in.jsonl"), lines.toArray(String[]::new));
    }

    /** Same lines, same fields in the same order; strings and integers equal; floats within {@link #RELATIVE}. */
    static void assertSameLines(List<JsonNode> expected, List<JsonNode> actual) {
        assertEquals(expected.size(), actual.size(), "lines");
        for (int i = 0; i < expected.size(); i++) {
            assertSameJson("line " + (i + 1), expected.get(i), actual.get(i));
        }
    }

    private static void assertSameJson(String where, JsonNode e, JsonNode a) {
        if (e.isNumber() && a.isNumber() && !e.isIntegralNumber()) {
            double x = e.doubleValue();
            assertTrue(
                    Math.abs(a.doubleValue() - x) <= RELATIVE * Math.max(1, Math.abs(x)),
                    where + ": " + a + " vs " + e);
            return;
        }
        if (e.isArray() && a.isArray() && e.size() > 0 && e.get(0).isFloatingPointNumber()) {
            Compare.relevance(where, JsonlData.doubles(a), JsonlData.doubles(e), RELATIVE, 1 - 1e-12);
            return;
        }
        assertEquals(e.getNodeType(), a.getNodeType(), where);
        if (e.isObject()) {
            List<String> names = new ArrayList<>();
            e.fieldNames().forEachRemaining(names::add);
            List<String> got = new ArrayList<>();
            a.fieldNames().forEachRemaining(got::add);
            assertEquals(names, got, where + ": fields");
            for (String n : names) {
                assertSameJson(where + "." + n, e.get(n), a.get(n));
            }
        } else if (e.isArray()) {
            assertEquals(e.size(), a.size(), where + ": length");
            for (int i = 0; i < e.size(); i++) {
                assertSameJson(where + "[" + i + "]", e.get(i), a.get(i));
            }
        } else {
            assertEquals(e, a, where);
        }
    }

    @Test
    void demoLinesEqualTheJsonlModeInOrder() throws IOException {
        Path in = demoInput(16);
        Path jsonl = tmp.resolve("jsonl.jsonl");
        ok("explain", "--prompts", in.toString(), "--jsonl", jsonl.toString(), "--batch-size", "4");
        Path spark = tmp.resolve("spark.jsonl");
        CliRun r = ok(
                "spark-explain",
                "--master",
                SharedSpark.MASTER,
                "--input",
                in.toString(),
                "--output",
                spark.toString(),
                "--batch-size",
                "4",
                "--partitions",
                "2");
        assertTrue(r.err().contains("[spark-explain] 16 rows explained, 0 bad rows"), r.err());
        assertEquals("", r.out());
        // partitions of 8 lines explained 4 at a time are the JSON Lines mode's batches: the same bytes
        assertEquals(Files.readString(jsonl), Files.readString(spark));
        assertEquals(16, JsonlData.results(jsonl).size());

        Path workers = tmp.resolve("workers.jsonl");
        ok(
                "spark-explain",
                "--master",
                SharedSpark.MASTER,
                "--input",
                in.toString(),
                "--output",
                workers.toString(),
                "--batch-size",
                "4",
                "--partitions",
                "2",
                "--workers",
                "2");
        assertEquals(Files.readString(jsonl), Files.readString(workers), "two workers per partition: the same bytes");
        CliRun zero = CliRun.command(
                "spark-explain",
                "--input",
                in.toString(),
                "--output",
                tmp.resolve("w0.jsonl").toString(),
                "--workers",
                "0");
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("error: --workers must be >= 1, got 0"), zero.err());

        Path unaligned = tmp.resolve("unaligned.jsonl");
        ok(
                "spark-explain",
                "--input",
                in.toString(),
                "--output",
                unaligned.toString(),
                "--batch-size",
                "4",
                "--partitions",
                "3");
        assertSameLines(JsonlData.results(jsonl), JsonlData.results(unaligned));

        Path parts = tmp.resolve("parts.jsonl");
        ok("spark-explain", "--input", in.toString(), "--output", parts.toString(), "--parts", "--method", "cp-lrp");
        Path cpLrp = tmp.resolve("cp.jsonl");
        ok("explain", "--prompts", in.toString(), "--jsonl", cpLrp.toString(), "--method", "cp-lrp");
        StringBuilder joined = new StringBuilder();
        try (Stream<Path> files = Files.list(parts)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList()) {
                joined.append(Files.readString(p));
            }
        }
        assertEquals(Files.readString(cpLrp), joined.toString(), "2 partitions of 8 lines, batches of 8");
    }

    @Test
    void badLinesBecomeErrorLinesAndTheRestIsExplained() {
        Path in = JsonlData.write(
                tmp.resolve("bad.jsonl"),
                line(fields("id", 1, "prompt", JsonlData.SIX_FACTS)),
                "{oops",
                line(fields("id", 3, "prompt", "")),
                line(fields("id", 4, "prompt", JsonlData.SIX_FACTS, "target", "mango")),
                line(fields("id", 5, "prompt", JsonlData.SIX_FACTS, "target", 51)),
                line(fields("id", 6, "prompt", JsonlData.SIX_FACTS)));
        Path out = tmp.resolve("bad-out.jsonl");
        CliRun r = ok("spark-explain", "--input", in.toString(), "--output", out.toString());
        assertTrue(
                r.err().contains("[spark-explain] 2 rows explained, 4 bad rows (see their 'error'); wrote " + out),
                r.err());
        List<JsonNode> res = JsonlData.results(out);
        assertEquals(6, res.size());
        assertEquals(
                List.of(1, 6),
                List.of(res.get(0).get("id").intValue(), res.get(5).get("id").intValue()));
        assertTrue(res.get(0).has("relevance") && res.get(5).has("relevance"));
        assertTrue(
                res.get(1).get("error").textValue().startsWith(in + ":2: not valid JSON: "),
                res.get(1).toString());
        assertFalse(res.get(1).has("id"));
        assertEquals(
                in + ":3: field 'prompt' must be a non-empty string, found \"\"",
                res.get(2).get("error").textValue());
        assertTrue(
                res.get(3).get("error").textValue().startsWith(in + ":4: target 'mango' is not in the" + " vocabulary"),
                "issue 18: errors found on the executors name their line too");
        assertEquals(
                in + ":5: target token id 51 is outside the vocabulary [0, 51)",
                res.get(4).get("error").textValue());
        assertEquals(List.of("id", "prompt", "error"), fieldNames(res.get(4)));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void parquetInAndOut() throws IOException {
        List<String> prompts = new ArrayList<>();
        for (String l :
                Files.readAllLines(DemoModel.folder().resolve("eval.jsonl")).subList(0, 5)) {
            prompts.add(JsonlData.JSON.readTree(l).get("prompt").textValue());
        }
        List<Row> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            rows.add(RowFactory.create(10 + i, prompts.get(i), i == 2 ? 39L : null));
            lines.add(
                    i == 2
                            ? line(fields("id", 10 + i, "prompt", prompts.get(i), "target", 39))
                            : line(fields("id", 10 + i, "prompt", prompts.get(i))));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("prompt", DataTypes.StringType)
                .add("target_id", DataTypes.LongType);
        Path parquet = tmp.resolve("in.parquet");
        SharedSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
        Path viaParquet = tmp.resolve("out.jsonl");
        ok("spark-explain", "--input", parquet.toString(), "--output", viaParquet.toString());
        Path jsonl = tmp.resolve("jsonl.jsonl");
        ok(
                "explain",
                "--prompts",
                JsonlData.write(tmp.resolve("in.jsonl"), lines.toArray(String[]::new))
                        .toString(),
                "--jsonl",
                jsonl.toString());
        List<JsonNode> expected = JsonlData.results(jsonl);
        assertSameLines(expected, JsonlData.results(viaParquet));

        Path outParquet = tmp.resolve("out.parquet");
        ok("spark-explain", "--input", parquet.toString(), "--output", outParquet.toString());
        List<Row> back =
                SharedSpark.session().read().parquet(outParquet.toString()).collectAsList();
        assertEquals(
                List.of(
                        "id",
                        "prompt",
                        "target_id",
                        "method",
                        "tokens",
                        "text",
                        "ids",
                        "relevance",
                        "target",
                        "total_relevance",
                        "error"),
                List.of(back.get(0).schema().fieldNames()));
        for (int i = 0; i < back.size(); i++) {
            Row row = back.get(i);
            assertEquals(10 + i, row.getInt(0), "row order");
            assertEquals(
                    expected.get(i).get("total_relevance").doubleValue(),
                    row.<Double>getAs("total_relevance"),
                    RELATIVE * Math.abs(expected.get(i).get("total_relevance").doubleValue()));
            assertEquals(
                    expected.get(i).get("target").get("id").longValue(),
                    row.<Row>getAs("target").getLong(0));
        }
    }

    @Test
    void t5LinesEqualTheJsonlMode() {
        Path dir = T5Folder.write(tmp, "t5");
        Path in = JsonlData.write(
                tmp.resolve("t5.jsonl"),
                line(fields("id", 1, "source", "the cat sat on the mat", "target_prefix", "the cat")),
                "\"a dog ran to the park\"",
                line(fields("id", "x", "prompt", "the big red house", "target", "blue")),
                line(fields("id", null, "source", "the cat sat", "target_prefix", "a small dog", "target", 7)),
                line(fields("id", 5, "source", "the cat sat", "target_prefix", " ")));
        Path jsonl = tmp.resolve("t5-jsonl.jsonl");
        ok(
                "explain",
                "--model",
                dir.toString(),
                "--prompts",
                JsonlData.write(
                                tmp.resolve("t5-good.jsonl"),
                                Files.exists(in) ? readLines(in).subList(0, 4).toArray(String[]::new) : new String[0])
                        .toString(),
                "--jsonl",
                jsonl.toString());
        Path spark = tmp.resolve("t5-spark.jsonl");
        CliRun r =
                ok("spark-explain", "--model", dir.toString(), "--input", in.toString(), "--output", spark.toString());
        assertTrue(r.err().contains("4 rows explained, 1 bad rows"), r.err());
        List<JsonNode> got = JsonlData.results(spark);
        assertSameLines(JsonlData.results(jsonl), got.subList(0, 4));
        assertEquals(
                in + ":5: field 'target_prefix' must be a string, \"\" for none, found \" \"",
                got.get(4).get("error").textValue());
    }

    @Test
    void aModelThatCannotLoadFailsTheJobWithExitCode2AndOneLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-weights"));
        Files.copy(DemoModel.folder().resolve("config.json"), dir.resolve("config.json"));
        Files.copy(DemoModel.folder().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), line(fields("prompt", JsonlData.SIX_FACTS)));
        CliRun r = CliRun.command(
                "spark-explain",
                "--model",
                dir.toString(),
                "--input",
                in.toString(),
                "--output",
                tmp.resolve("o.jsonl").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err().startsWith("error: the Spark job failed: ") && r.err().contains(dir.toString()), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badOptionsExitWith2() throws IOException {
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), line(fields("prompt", JsonlData.SIX_FACTS)));
        Path exists = Files.createDirectories(tmp.resolve("exists.parquet"));
        String[][] cases = {
            {"--input", in.toString(), "--output", exists.toString()},
            {"--input", in.toString(), "--output", tmp.resolve("o.csv").toString()},
            {"--input", in.toString(), "--output", tmp.resolve("o.parquet").toString(), "--parts"},
            {"--input", in.toString(), "--output", tmp.resolve("o.jsonl").toString(), "--partitions", "0"},
            {"--input", in.toString(), "--output", tmp.resolve("o.jsonl").toString(), "--method", "cp-lrp-gamma"},
            {"--input", in.toString(), "--output", tmp.resolve("o.jsonl").toString(), "--master", "local[1]"},
            {
                "--model",
                T5Folder.write(tmp, "t5").toString(),
                "--input",
                in.toString(),
                "--output",
                tmp.resolve("o.jsonl").toString(),
                "--batch-size",
                "2"
            },
        };
        String[] messages = {
            "--output " + exists + " exists",
            "expected a .parquet or .jsonl path",
            "--parts is for JSON Lines output",
            "--partitions must be >= 1",
            "cp-lrp-gamma is for CLIP models",
            "a Spark session on local[2] already runs in this JVM; --master local[1] cannot change it",
            "--batch-size is for decoder LMs"
        };
        for (int i = 0; i < cases.length; i++) {
            CliRun r = CliRun.command("spark-explain", cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().contains(messages[i]), r.err());
        }
    }
}
