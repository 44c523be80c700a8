package io.github.lxt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks of {@code spark-explain}'s master and input that run before Spark starts, so that a typo is one line
 * with exit code 2 instead of Spark's ERROR log, stack trace or {@code [PATH_NOT_FOUND] … SQLSTATE}.
 */
final class SparkArguments {
    /** The master URLs Spark 4 parses: local, local[N], local[*], local[N,F], local-cluster[…], spark://, yarn, k8s. */
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?])?"
            + "|local-cluster\\[[1-9][0-9]*, *[1-9][0-9]*, *[1-9][0-9]*]|spark://\\S+|yarn|k8s://\\S+");

    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private SparkArguments() {}

    /** Refuses a {@code --master} that Spark cannot parse; null (spark-submit's or local[*]) passes. */
    static void checkMaster(String master) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--master " + master + ": expected local, local[N], local[*],"
                    + " local[N,F], spark://HOST:PORT, yarn or k8s://URL");
        }
    }

    /** Refuses a local {@code --input} that does not exist; a URL of another file system (hdfs://, s3a://) passes. */
    static void checkInput(String input) {
        String local = input.toLowerCase(Locale.ROOT).startsWith("file:")
                ? input.substring("file:".length()).replaceFirst("^//", "")
                : SCHEME.matcher(input).matches() ? null : input;
        if (local == null) {
            return;
        }
        Path p = Path.of(local);
        if (!Files.exists(p)) {
            throw new JsonlException("--input " + input + ": no such file or folder");
        }
        if (!Files.isReadable(p)) {
            throw new JsonlException("--input " + input + ": permission denied");
        }
    }
}
