package io.github.lxt4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model cache of an executor JVM under {@code local[2]}: one load per model folder and load options, however
 * many partitions and tasks; a shipped folder is found on the executors; a model that cannot load fails the job.
 */
class ExecutorModelsTest {

    @TempDir
    Path tmp;

    private static Dataset<Row> prompts(int n, int partitions) {
        List<Row> rows = new ArrayList<>();
        List<String> prompts = KvModel.prompts(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(i, prompts.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("prompt", DataTypes.StringType);
        return SharedSpark.session().createDataFrame(rows, schema).repartition(partitions);
    }

    private static double[] relevance(List<Row> rows) {
        List<Double> all = new ArrayList<>();
        rows.stream()
                .sorted((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)))
                .forEach(r -> all.addAll(r.<Double>getList(r.fieldIndex("relevance"))));
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void eachModelAndLoadOptionsLoadOncePerJvmWhateverThePartitions() {
        Path dir = KvModel.copy(tmp, "kv-once");
        SparkExplainer ex =
                SparkExplainer.decoder(ModelLocation.path(dir.toString())).batchSize(2);
        int before = ExecutorModels.loadCount();
        List<Row> first = ex.explain(prompts(12, 4)).rows().collectAsList();
        assertEquals(before + 1, ExecutorModels.loadCount(), "4 partitions on 2 task threads load the model once");
        ex.method(io.github.lxt4j.explain.Method.CP_LRP)
                .batchSize(3)
                .explain(prompts(6, 3))
                .rows()
                .collectAsList();
        assertEquals(before + 1, ExecutorModels.loadCount(), "method and batch size are not load options");
        List<Row> f64 = ex.dtype("float64").explain(prompts(12, 2)).rows().collectAsList();
        assertEquals(before + 2, ExecutorModels.loadCount(), "another dtype is another model");
        double[] a = relevance(first);
        double[] b = relevance(f64);
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-4 * Math.abs(b[i]) + 1e-5, "float32 against float64 at " + i);
        }
    }

    @Test
    void aShippedFolderIsFoundOnTheExecutors() throws IOException {
        // Spark fetches an added file again for later tasks of the session, so it must outlive this test
        Path parent = Files.createTempDirectory("lxt4j-spark-ship");
        parent.toFile().deleteOnExit();
        Path dir = KvModel.copy(parent, "kv-shipped");
        dir.toFile().deleteOnExit();
        for (String f : KvModel.FILES) {
            dir.resolve(f).toFile().deleteOnExit();
        }
        ModelLocation shipped = ModelLocation.ship(SharedSpark.session(), dir);
        assertEquals(ModelLocation.shipped("kv-shipped"), shipped);
        List<Row> viaShip = SparkExplainer.decoder(shipped)
                .explain(prompts(4, 2).coalesce(1))
                .rows()
                .collectAsList();
        List<Row> viaPath = SparkExplainer.decoder(
                        ModelLocation.path(KvModel.dir().toString()))
                .explain(prompts(4, 2).coalesce(1))
                .rows()
                .collectAsList();
        assertArrayEquals(relevance(viaPath), relevance(viaShip), 0.0);
    }

    @Test
    void aModelThatCannotLoadFailsTheJobWithItsMessage() throws IOException {
        Path broken = Files.createDirectories(tmp.resolve("no-config"));
        SparkExplainer ex = SparkExplainer.decoder(ModelLocation.path(broken.toString()));
        SparkException e = assertThrows(
                SparkException.class, () -> ex.explain(prompts(2, 1)).rows().collectAsList());
        assertTrue(e.getMessage().contains("config.json not found in " + broken), e.getMessage());
        Path t5 = KvModel.copy(tmp, "declared-t5");
        SparkException family = assertThrows(
                SparkException.class,
                () -> SparkExplainer.t5(ModelLocation.path(t5.toString()))
                        .promptColumn("prompt")
                        .explain(prompts(2, 1))
                        .rows()
                        .collectAsList());
        assertTrue(
                family.getMessage()
                        .contains(t5 + " holds a decoder LM, but the explainer was made with"
                                + " SparkExplainer.t5(...)"),
                family.getMessage());
    }
}
