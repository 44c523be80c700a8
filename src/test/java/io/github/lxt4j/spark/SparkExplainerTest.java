package io.github.lxt4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.explain.WorkersException;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.SharedSpark;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkExplainer} on {@code local[2]} with the kv-retrieval model: the rows equal what the explainer gives for
 * the same batches, bit for bit, in order and with every input column; bad rows get an error; counts add up.
 */
class SparkExplainerTest {
    private static final StructType INPUT = new StructType()
            .add("id", DataTypes.LongType)
            .add("prompt", DataTypes.StringType)
            .add("note", DataTypes.StringType)
            .add("target", DataTypes.StringType)
            .add("target_id", DataTypes.LongType);

    private static CausalLmExplainer local;

    @BeforeAll
    static void loadLocally() {
        local = new CausalLmExplainer(
                LlamaForCausalLM.fromPretrained(KvModel.dir(), Backends.djl(), DType.FLOAT32),
                HfTokenizer.open(KvModel.dir()));
    }

    @AfterAll
    static void close() {
        local.close();
    }

    private static SparkSession spark() {
        return SharedSpark.session();
    }

    static Dataset<Row> frame(List<Row> rows) {
        return spark().createDataFrame(rows, INPUT);
    }

    /** The explainer's results for {@code prompts} in consecutive batches of {@code batch}. */
    private static List<Explanation> expected(List<String> prompts, List<Target> targets, int batch) {
        List<Explanation> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            for (int from = 0; from < prompts.size(); from += batch) {
                int to = Math.min(prompts.size(), from + batch);
                long[][] ids = new long[to - from][];
                for (int i = from; i < to; i++) {
                    ids[i - from] = local.tokenizer().encode(prompts.get(i)).ids();
                }
                out.addAll(local.explainAll(ids, Target.eachRow(targets.subList(from, to)), Method.ATTNLRP));
            }
        }
        return out;
    }

    private static void assertExplained(Explanation e, Row row) {
        assertNull(row.getAs("error"));
        assertEquals("attnlrp", row.getAs("method"));
        assertArrayEquals(
                e.tokens(), row.<String>getList(row.fieldIndex("tokens")).toArray(String[]::new));
        assertArrayEquals(
                TokenCleaner.cleanOrPassThrough(e.tokens(), TokenScheme.ofModelFolder(KvModel.dir())),
                row.<String>getList(row.fieldIndex("text")).toArray(String[]::new));
        assertArrayEquals(
                e.ids(),
                row.<Long>getList(row.fieldIndex("ids")).stream()
                        .mapToLong(Long::longValue)
                        .toArray());
        assertArrayEquals(
                e.relevance(),
                row.<Double>getList(row.fieldIndex("relevance")).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray(),
                0.0,
                "relevance, bit for bit");
        Row target = row.getAs("target");
        assertEquals(e.targetIds()[0], target.getLong(0));
        assertEquals(local.tokenizer().token(e.targetIds()[0]), target.getString(1));
        assertEquals(e.targetValue(), target.getDouble(2), 0.0);
        assertEquals(e.totalRelevance(), row.<Double>getAs("total_relevance"), 0.0);
    }

    @Test
    void rowsEqualTheExplainerInOrderWithEveryInputColumn() {
        List<String> prompts = KvModel.prompts(20);
        List<Row> in = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            boolean byId = i % 5 == 3;
            in.add(RowFactory.create(100L + i, prompts.get(i), "n" + i, null, byId ? 39L : null));
            targets.add(byId ? Target.token(39) : Target.argmax());
        }
        SparkExplanation out = SparkExplainer.decoder(
                        ModelLocation.path(KvModel.dir().toString()))
                .batchSize(4)
                .explain(OrderedSplit.split(frame(in), 2));
        List<String> columns = Arrays.asList(out.rows().schema().fieldNames());
        assertEquals(
                List.of(
                        "id",
                        "prompt",
                        "note",
                        "target_id",
                        "method",
                        "tokens",
                        "text",
                        "ids",
                        "relevance",
                        "target",
                        "total_relevance",
                        "error"),
                columns,
                "input columns, the input 'target' replaced");
        assertEquals(ResultColumns.TARGET, out.rows().schema().apply("target").dataType());
        List<Row> rows = out.rows().collectAsList();
        // partitions hold rows 0-9 and 10-19, so the batches of 4 are 0-3, 4-7, 8-9, 10-13, 14-17, 18-19
        List<Explanation> expected = new ArrayList<>(expected(prompts.subList(0, 10), targets.subList(0, 10), 4));
        expected.addAll(expected(prompts.subList(10, 20), targets.subList(10, 20), 4));
        assertEquals(prompts.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals(100L + i, row.<Long>getAs("id"), "row order");
            assertEquals(prompts.get(i), row.getAs("prompt"));
            assertEquals("n" + i, row.getAs("note"));
            assertExplained(expected.get(i), row);
        }
        assertEquals(39L, rows.get(3).<Row>getAs("target").getLong(0));
        assertEquals(20L, out.explained().value());
        assertEquals(0L, out.failed().value());
    }

    /** Executors load the model with the same storage option, so rows equal a local load with it, bit for bit. */
    @Test
    void quantizedWeightsGiveTheRowsOfTheSameQuantizedModelLoadedLocally() {
        List<String> prompts = KvModel.prompts(6);
        List<Row> in = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            in.add(RowFactory.create((long) i, prompts.get(i), null, null, null));
        }
        List<Row> rows = SparkExplainer.decoder(ModelLocation.path(KvModel.dir().toString()))
                .weights("nf4")
                .batchSize(3)
                .explain(frame(in).coalesce(1))
                .rows()
                .collectAsList();
        try (CausalLmExplainer nf4 = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(
                                KvModel.dir(),
                                LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(WeightFormat.NF4)),
                        HfTokenizer.open(KvModel.dir()));
                TensorScope scope = TensorScope.open()) {
            List<Explanation> expected = new ArrayList<>();
            for (int from = 0; from < prompts.size(); from += 3) {
                long[][] ids = new long[3][];
                for (int i = 0; i < 3; i++) {
                    ids[i] = nf4.tokenizer().encode(prompts.get(from + i)).ids();
                }
                expected.addAll(nf4.explainAll(ids, Target.argmax(), Method.ATTNLRP));
            }
            List<Explanation> dense = expected(prompts, java.util.Collections.nCopies(6, Target.argmax()), 3);
            for (int i = 0; i < rows.size(); i++) {
                double[] got = rows.get(i).<Double>getList(rows.get(i).fieldIndex("relevance")).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
                assertArrayEquals(expected.get(i).relevance(), got, 0.0, "row " + i + ", bit for bit");
                assertTrue(!Arrays.equals(dense.get(i).relevance(), got), "row " + i + " differs from float32");
            }
        }
    }

    @Test
    void twoWorkersGiveTheRowsOfOneWorkerInOrder() {
        List<String> prompts = KvModel.prompts(22);
        List<Row> in = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            in.add(RowFactory.create((long) i, i == 9 ? "" : prompts.get(i), null, null, null));
        }
        SparkExplainer explainer = SparkExplainer.decoder(
                        ModelLocation.path(KvModel.dir().toString()))
                .batchSize(3);
        SparkExplanation one = explainer.explain(OrderedSplit.split(frame(in), 2));
        List<Row> sequential = one.rows().collectAsList();
        SparkExplanation two = explainer.workers(2).explain(OrderedSplit.split(frame(in), 2));
        List<Row> parallel = two.rows().collectAsList();
        assertEquals(22, parallel.size());
        for (int i = 0; i < parallel.size(); i++) {
            assertEquals((long) i, parallel.get(i).<Long>getAs("id"), "input order");
            assertEquals(sequential.get(i), parallel.get(i), "row " + i);
        }
        assertTrue(parallel.get(9).<String>getAs("error").startsWith("column 'prompt' must be a non-empty string"));
        assertEquals(21L, two.explained().value());
        assertEquals(1L, two.failed().value());
        assertThrows(WorkersException.class, () -> explainer.workers(0));
        assertThrows(WorkersException.class, () -> explainer.backend("nd4j").workers(2));
    }

    @Test
    void badRowsGetAnErrorAndNullResultsAndAreCounted() {
        List<String> good = KvModel.prompts(2);
        String tooLong = "alice likes red . ".repeat(40) + "so alice likes";
        List<Row> in = List.of(
                RowFactory.create(0L, good.get(0), null, "pink", null),
                RowFactory.create(1L, "", null, null, null),
                RowFactory.create(2L, null, null, null, null),
                RowFactory.create(3L, good.get(1), null, "mango", null),
                RowFactory.create(4L, good.get(1), null, null, 51L),
                RowFactory.create(5L, good.get(1), null, "red", 3L),
                RowFactory.create(6L, tooLong, null, null, null),
                RowFactory.create(7L, good.get(1), null, null, 39L));
        SparkExplanation out = SparkExplainer.decoder(
                        ModelLocation.path(KvModel.dir().toString()))
                .explain(frame(in).coalesce(1));
        List<Row> rows = out.rows().collectAsList();
        String[] errors = {
            null,
            "column 'prompt' must be a non-empty string, found \"\"",
            "column 'prompt' must be a non-empty string, found null",
            "target 'mango' is not in the vocabulary",
            "target token id 51 is outside the vocabulary [0, 51)",
            "give the target in column 'target' or 'target_id', not both",
            "the prompt is 164 tokens, more than the model's max_position_embeddings = 128",
            null
        };
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals((long) i, row.<Long>getAs("id"));
            assertEquals("attnlrp", row.getAs("method"));
            if (errors[i] == null) {
                continue;
            }
            String error = row.getAs("error");
            assertTrue(error != null && error.startsWith(errors[i]), "row " + i + ": " + error);
            for (String result : List.of("tokens", "text", "ids", "relevance", "target", "total_relevance")) {
                assertTrue(row.isNullAt(row.fieldIndex(result)), "row " + i + ": " + result + " is null");
            }
        }
        List<Explanation> expected = expected(
                List.of(good.get(0), good.get(1)),
                List.of(Target.token(local.tokenizer().id("pink")), Target.token(39)),
                8);
        assertExplained(expected.get(0), rows.get(0));
        assertExplained(expected.get(1), rows.get(7));
        assertEquals(2L, out.explained().value());
        assertEquals(6L, out.failed().value());
    }

    @Test
    void inputColumnsAreCheckedOnTheDriver() {
        SparkExplainer ex =
                SparkExplainer.decoder(ModelLocation.path(KvModel.dir().toString()));
        Dataset<Row> noPrompt = frame(List.of()).drop("prompt");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ex.explain(noPrompt));
        assertTrue(
                missing.getMessage().startsWith("the input has no column 'prompt' (it has [id, note, target,"),
                missing.getMessage());
        Dataset<Row> numbers = frame(List.of()).withColumnRenamed("prompt", "p").withColumnRenamed("id", "prompt");
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> ex.explain(numbers));
        assertEquals("column 'prompt' must hold a string, found bigint", type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ex.method(Method.CP_LRP_GAMMA));
        assertThrows(IllegalArgumentException.class, () -> ex.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> ex.weights("nf5"));
    }
}
