package io.github.lxt4j.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM ({@code local[2]}, no UI, two shuffle partitions, no code generation),
 * started on first use and stopped by Spark's shutdown hook, so that Spark's start-up is paid once for every Spark
 * test.
 */
public final class SharedSpark {
    public static final String MASTER = "local[2]";
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("lxt4j tests")
                    .master(MASTER)
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.adaptive.enabled", "false")
                    // the test rows are few: interpreting plans is faster than compiling them
                    .config("spark.sql.codegen.wholeStage", "false")
                    .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
