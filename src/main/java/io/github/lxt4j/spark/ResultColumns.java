package io.github.lxt4j.spark;

import io.github.lxt4j.viz.ResultFields;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.collection.immutable.ArraySeq;

/**
 * The result columns, named and ordered as the fields of {@code lxt4j explain --jsonl} (see docs/cli.md), then
 * {@code error}.
 * <ul>
 * <li>decoder LMs: {@code method}, {@code tokens} array&lt;string&gt;, {@code text} array&lt;string&gt;, {@code ids}
 * array&lt;bigint&gt;, {@code relevance} array&lt;double&gt;, {@code target} struct&lt;id: bigint, token: string,
 * logit: double&gt;, {@code total_relevance} double;</li>
 * <li>T5: {@code method}, {@code source_tokens}, {@code source_text}, {@code source_relevance},
 * {@code decoder_tokens}, {@code decoder_text}, {@code decoder_relevance}, {@code target},
 * {@code total_relevance}.</li>
 * </ul>
 * A bad row has its message in {@code error} and null in every other result column except {@code method}.
 */
public final class ResultColumns {
    public static final String ERROR = "error";
    public static final StructType TARGET = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("token", DataTypes.StringType, true)
            .add("logit", DataTypes.DoubleType, false);
    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, false);
    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);
    private static final DataType LONGS = DataTypes.createArrayType(DataTypes.LongType, false);

    public static final StructType DECODER = new StructType(new StructField[] {
        field("method", DataTypes.StringType),
        field("tokens", STRINGS),
        field("text", STRINGS),
        field("ids", LONGS),
        field("relevance", DOUBLES),
        field("target", TARGET),
        field("total_relevance", DataTypes.DoubleType),
        field(ERROR, DataTypes.StringType)
    });

    public static final StructType SEQ2SEQ = new StructType(new StructField[] {
        field("method", DataTypes.StringType), field("source_tokens", STRINGS), field("source_text", STRINGS),
        field("source_relevance", DOUBLES), field("decoder_tokens", STRINGS), field("decoder_text", STRINGS),
        field("decoder_relevance", DOUBLES), field("target", TARGET), field("total_relevance", DataTypes.DoubleType),
        field(ERROR, DataTypes.StringType)
    });

    private ResultColumns() {}

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    static Object[] of(ResultFields.Decoder r) {
        return new Object[] {
            r.method(),
            seq(r.tokens()),
            seq(r.text()),
            longs(r.ids()),
            doubles(r.relevance()),
            target(r.targetId(), r.targetToken(), r.targetLogit()),
            r.totalRelevance(),
            null
        };
    }

    static Object[] of(ResultFields.Seq2Seq r) {
        return new Object[] {
            r.method(),
            seq(r.sourceTokens()),
            seq(r.sourceText()),
            doubles(r.sourceRelevance()),
            seq(r.decoderTokens()),
            seq(r.decoderText()),
            doubles(r.decoderRelevance()),
            target(r.targetId(), r.targetToken(), r.targetLogit()),
            r.totalRelevance(),
            null
        };
    }

    /** A bad row's result columns: the method, nulls, and the message. */
    static Object[] failed(boolean seq2seq, String method, String error) {
        Object[] out = new Object[(seq2seq ? SEQ2SEQ : DECODER).size()];
        out[0] = method;
        out[out.length - 1] = error;
        return out;
    }

    /** The decoder result of an output row (as {@link #DECODER} names them), or null when the row has an error. */
    public static ResultFields.Decoder decoder(Row row) {
        if (row.getAs(ERROR) != null) {
            return null;
        }
        Row t = row.getAs("target");
        return new ResultFields.Decoder(
                row.getAs("method"),
                strings(row, "tokens"),
                strings(row, "text"),
                longArray(row.getList(row.fieldIndex("ids"))),
                doubleArray(row.getList(row.fieldIndex("relevance"))),
                t.getLong(0),
                t.getString(1),
                t.getDouble(2),
                row.getAs("total_relevance"));
    }

    /** The T5 result of an output row (as {@link #SEQ2SEQ} names them), or null when the row has an error. */
    public static ResultFields.Seq2Seq seq2seq(Row row) {
        if (row.getAs(ERROR) != null) {
            return null;
        }
        Row t = row.getAs("target");
        return new ResultFields.Seq2Seq(
                row.getAs("method"),
                strings(row, "source_tokens"),
                strings(row, "source_text"),
                doubleArray(row.getList(row.fieldIndex("source_relevance"))),
                strings(row, "decoder_tokens"),
                strings(row, "decoder_text"),
                doubleArray(row.getList(row.fieldIndex("decoder_relevance"))),
                t.getLong(0),
                t.getString(1),
                t.getDouble(2),
                row.getAs("total_relevance"));
    }

    private static Row target(long id, String token, double logit) {
        return RowFactory.create(id, token, logit);
    }

    /** Spark's row encoder takes an array column as a Scala sequence. */
    private static Seq<Object> seq(Object[] values) {
        return ArraySeq.unsafeWrapArray(values);
    }

    private static Seq<Object> longs(long[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return seq(boxed);
    }

    private static Seq<Object> doubles(double[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return seq(boxed);
    }

    private static String[] strings(Row row, String column) {
        return row.<String>getList(row.fieldIndex(column)).toArray(String[]::new);
    }

    private static long[] longArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static double[] doubleArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
