package io.github.lxt4j.spark;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Splits a Dataset into partitions of consecutive rows, in order: partition {@code p} holds rows
 * {@code [p·n/k, (p+1)·n/k)}, so the rows keep their order through {@link SparkExplainer#explain} and a write. A
 * small file is read as one partition, which one core explains alone; this spreads it over {@code k} tasks.
 */
public final class OrderedSplit {
    private OrderedSplit() {}

    /** {@code input} in {@code partitions} partitions of consecutive rows (two jobs: a count and a shuffle). */
    public static Dataset<Row> split(Dataset<Row> input, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        long count = input.count();
        if (count == 0) {
            return input;
        }
        JavaRDD<Row> rows = input.javaRDD()
                .zipWithIndex()
                .mapToPair(Tuple2::swap)
                .repartitionAndSortWithinPartitions(new Ranges(partitions, count))
                .values();
        return input.sparkSession().createDataFrame(rows, input.schema());
    }

    /** Row index → partition: equal ranges of consecutive indices. */
    private static final class Ranges extends Partitioner {
        private final int partitions;
        private final long count;

        Ranges(int partitions, long count) {
            this.partitions = partitions;
            this.count = count;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object index) {
            return (int) ((Long) index * partitions / count);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ranges r && r.partitions == partitions && r.count == count;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(count) * 31 + partitions;
        }
    }
}
