import io.github.lxt4j.explain.Method;
import io.github.lxt4j.spark.ModelLocation;
import io.github.lxt4j.spark.OrderedSplit;
import io.github.lxt4j.spark.SparkExplainer;
import io.github.lxt4j.spark.SparkExplanation;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Explains the prompts of a JSON Lines file on Apache Spark and writes the relevance as Parquet (docs/spark.md).
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath*.txt once
 * java --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
 *     -cp "examples:target/lxt4j-cli.jar:$(cat target/classpath.txt):$(cat target/classpath-spark.txt)" \
 *     examples/SparkExample.java MODEL_DIR PROMPTS.jsonl OUT.parquet
 * </pre>
 * By default: the kv-retrieval fixture, its 300 eval prompts, {@code spark-example.parquet}, on {@code local[2]}.
 */
public final class SparkExample {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/kv-retrieval");
        String prompts = args.length > 1 ? args[1] : dir.resolve("eval.jsonl").toString();
        String out = args.length > 2 ? args[2] : "spark-example.parquet";
        SparkSession spark = SparkSession.builder()
                .appName("lxt4j example")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            // one partition per core, rows kept in file order; a column 'prompt', other columns pass through
            Dataset<Row> rows = OrderedSplit.split(spark.read().json(prompts), 2);
            SparkExplanation explained = SparkExplainer.decoder(
                            ModelLocation.path(dir.toAbsolutePath().toString()))
                    .method(Method.ATTNLRP)
                    .batchSize(8)
                    .explain(rows);
            explained.rows().write().parquet(out);
            System.out.printf(
                    "explained %d rows (%d bad) into %s%n",
                    explained.explained().value(), explained.failed().value(), out);
            spark.read()
                    .parquet(out)
                    .selectExpr(
                            "prompt",
                            "target.token AS predicted",
                            "array_position(relevance, array_max(relevance)) - 1 AS most_relevant",
                            "total_relevance")
                    .show(5, 60);
        } finally {
            spark.stop();
        }
    }
}
