package io.github.lxt4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input columns that a task reads, by position, checked against the input's schema on the driver; and the
 * output schema: the input's columns except those that a result column replaces, then the result columns.
 *
 * @param target       the optional target column (-1 when absent)
 * @param targetIsText whether {@code target} holds token strings (else integral ids)
 * @param targetId     the optional integral target id column (-1 when absent)
 * @param targetPrefix the optional T5 prefix column (-1 when absent)
 * @param error        an input {@code error} column (-1 when absent): rows where it is set are passed through
 * @param kept         the input columns copied to the output, in order
 */
record InputColumns(
        int text,
        int target,
        boolean targetIsText,
        int targetId,
        int targetPrefix,
        int error,
        int[] kept,
        StructType output,
        String[] names)
        implements Serializable {

    static InputColumns of(StructType schema, ExplainSettings s) {
        StructType results = s.seq2seq() ? ResultColumns.SEQ2SEQ : ResultColumns.DECODER;
        int text = index(schema, s.textColumn(), true);
        require(
                schema,
                text,
                s.textColumn(),
                "a string",
                DataTypes.StringType.equals(schema.fields()[text].dataType()));
        int target = index(schema, s.targetColumn(), false);
        boolean targetIsText = target >= 0 && DataTypes.StringType.equals(schema.fields()[target].dataType());
        if (target >= 0) {
            require(
                    schema,
                    target,
                    s.targetColumn(),
                    "a token string or an integral token id",
                    targetIsText || schema.fields()[target].dataType() instanceof IntegralType);
        }
        int targetId = index(schema, s.targetIdColumn(), false);
        if (targetId >= 0) {
            require(
                    schema,
                    targetId,
                    s.targetIdColumn(),
                    "an integral token id",
                    schema.fields()[targetId].dataType() instanceof IntegralType);
        }
        int prefix = s.seq2seq() ? index(schema, s.targetPrefixColumn(), false) : -1;
        if (prefix >= 0) {
            require(
                    schema,
                    prefix,
                    s.targetPrefixColumn(),
                    "a string",
                    DataTypes.StringType.equals(schema.fields()[prefix].dataType()));
        }
        int error = index(schema, ResultColumns.ERROR, false);
        if (error >= 0) {
            require(
                    schema,
                    error,
                    ResultColumns.ERROR,
                    "a string (a message from an earlier step)",
                    DataTypes.StringType.equals(schema.fields()[error].dataType()));
        }
        List<Integer> kept = new ArrayList<>();
        List<StructField> out = new ArrayList<>();
        List<String> resultNames = Arrays.asList(results.fieldNames());
        for (int i = 0; i < schema.size(); i++) {
            if (!resultNames.contains(schema.fields()[i].name())) {
                kept.add(i);
                out.add(schema.fields()[i]);
            }
        }
        out.addAll(Arrays.asList(results.fields()));
        return new InputColumns(
                text,
                target,
                targetIsText,
                targetId,
                prefix,
                error,
                kept.stream().mapToInt(Integer::intValue).toArray(),
                new StructType(out.toArray(StructField[]::new)),
                new String[] {s.textColumn(), s.targetColumn(), s.targetIdColumn(), s.targetPrefixColumn()});
    }

    String textName() {
        return names[0];
    }

    String targetName() {
        return names[1];
    }

    String targetIdName() {
        return names[2];
    }

    String targetPrefixName() {
        return names[3];
    }

    private static int index(StructType schema, String name, boolean required) {
        List<String> names = Arrays.asList(schema.fieldNames());
        int i = names.indexOf(name);
        if (i < 0 && required) {
            throw new IllegalArgumentException("the input has no column '" + name + "' (it has " + names + ")");
        }
        return i;
    }

    private static void require(StructType schema, int index, String name, String expected, boolean ok) {
        if (!ok) {
            DataType found = schema.fields()[index].dataType();
            throw new IllegalArgumentException(
                    "column '" + name + "' must hold " + expected + ", found " + found.simpleString());
        }
    }
}
