package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.Json;
import io.github.lxt4j.spark.ResultColumns;
import io.github.lxt4j.viz.ResultFields;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The JSON Lines side of {@code spark-explain}: input lines as rows (parsed with the rules of the JSON Lines mode;
 * a bad line becomes a row with an {@code error}), and result rows as the lines {@code explain --jsonl} writes.
 * A line's {@code id} may be any JSON value, so its column holds the id as JSON text.
 */
final class JsonlRows {
    static final String TARGET_ID = "target_id";
    /** Where each row's line is ({@code FILE:N}), so that an error found on an executor names it too. */
    static final String LINE = "_lxt4j_line";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlRows() {}

    static Dataset<Row> read(SparkSession spark, String path, boolean t5) {
        StructType schema =
                new StructType().add("id", DataTypes.StringType).add(t5 ? "source" : "prompt", DataTypes.StringType);
        if (t5) {
            schema = schema.add("target_prefix", DataTypes.StringType);
        }
        schema = schema.add("target", DataTypes.StringType)
                .add(TARGET_ID, DataTypes.LongType)
                .add(ResultColumns.ERROR, DataTypes.StringType)
                .add(LINE, DataTypes.StringType);
        JavaRDD<Row> rows = spark.read()
                .textFile(path)
                .javaRDD()
                .zipWithIndex()
                .filter(t -> !t._1().replace("\uFEFF", "").isBlank())
                .map(t -> parse(
                        t._2() == 0 && t._1().startsWith("\uFEFF") ? t._1().substring(1) : t._1(),
                        path + ":" + (t._2() + 1),
                        t5));
        return spark.createDataFrame(rows, schema);
    }

    private static Row parse(String text, String where, boolean t5) {
        try {
            JsonLine line = JsonLine.parse(text, where);
            if (t5) {
                SourceLine s = SourceLine.of(line);
                return row(s.id(), s.target(), where, s.source(), s.targetPrefix());
            }
            PromptLine p = PromptLine.of(line);
            return row(p.id(), p.target(), where, p.prompt());
        } catch (JsonlException bad) {
            Object[] values = new Object[t5 ? 7 : 6];
            values[values.length - 2] = bad.getMessage();
            values[values.length - 1] = where;
            return RowFactory.create(values);
        }
    }

    /**
     * The result rows of JSON Lines input as they are written: every error names its line ({@code FILE:N: …}, also
     * those found on the executors, such as a target outside the vocabulary), and the helper columns are dropped.
     */
    static Dataset<Row> located(Dataset<Row> results) {
        Column error = functions.col(ResultColumns.ERROR);
        Column where = functions.col(LINE);
        Column prefixed = functions
                .when(
                        error.isNotNull()
                                .and(functions.not(error.startsWith(functions.concat(where, functions.lit(":"))))),
                        functions.concat(where, functions.lit(": "), error))
                .otherwise(error);
        return results.withColumn(ResultColumns.ERROR, prefixed).drop(LINE).drop(TARGET_ID);
    }

    private static Row row(JsonNode id, JsonNode target, String where, String... text) {
        Object[] values = new Object[text.length + 5];
        values[text.length + 4] = where;
        values[0] = id == null ? null : id.toString();
        System.arraycopy(text, 0, values, 1, text.length);
        if (target != null && target.isTextual()) {
            values[text.length + 1] = target.textValue();
        } else if (target != null && target.canConvertToLong()) {
            values[text.length + 2] = target.longValue();
        } else if (target != null) {
            values[text.length + 3] = where + ": target token id " + target + " is outside the range of token ids";
        }
        return RowFactory.create(values);
    }

    /** A result row as the line {@code explain --jsonl} writes; a bad row as {@code {id, prompt, error}}. */
    static final class ToLine implements MapFunction<Row, String> {
        private final boolean t5;
        private final boolean idAsJson;
        private final StructField idField;

        /** @param idAsJson whether the {@code id} column holds JSON text (JSON Lines input) */
        ToLine(boolean t5, boolean idAsJson, StructType schema) {
            this.t5 = t5;
            this.idAsJson = idAsJson;
            this.idField = schema.getFieldIndex("id").isDefined() ? schema.apply("id") : null;
        }

        @Override
        public String call(Row row) throws JsonProcessingException {
            JsonNode id = id(row);
            String text = row.getAs(t5 ? "source" : "prompt");
            String error = row.getAs(ResultColumns.ERROR);
            if (error != null) {
                Map<String, Object> line = new LinkedHashMap<>();
                if (id != null) {
                    line.put("id", id);
                }
                line.put(t5 ? "source" : "prompt", text);
                line.put(ResultColumns.ERROR, error);
                return JSON.writeValueAsString(line);
            }
            if (t5) {
                ResultFields.Seq2Seq r = ResultColumns.seq2seq(row);
                String prefix =
                        row.schema().getFieldIndex("target_prefix").isDefined() ? row.getAs("target_prefix") : "";
                return ResultLine.of(id, text, prefix == null ? "" : prefix, r, "a result row");
            }
            return ResultLine.of(id, text, ResultColumns.decoder(row), "a result row");
        }

        private JsonNode id(Row row) throws JsonProcessingException {
            if (idField == null) {
                return null;
            }
            Object value = row.getAs("id");
            if (idAsJson) {
                return value == null ? null : Json.parse((String) value);
            }
            Row one = new GenericRowWithSchema(new Object[] {value}, new StructType(new StructField[] {idField}));
            return Json.parse(one.json()).path("id");
        }
    }
}
