package io.github.lxt4j.spark;

import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TokenizerException;
import org.apache.spark.sql.Row;

/** Reads one input row's text, target and prefix, with the checks and messages of the JSON Lines mode. */
final class RowInput {
    private final InputColumns columns;

    RowInput(InputColumns columns) {
        this.columns = columns;
    }

    /** The message of an earlier step in the input's {@code error} column, or null. */
    String earlierError(Row row) {
        return columns.error() >= 0 && !row.isNullAt(columns.error()) ? row.getString(columns.error()) : null;
    }

    /** The prompt (or T5 source): a non-empty string. */
    String text(Row row) {
        String text = row.isNullAt(columns.text()) ? null : row.getString(columns.text());
        if (text == null || text.isBlank()) {
            throw new BadRowException("column '" + columns.textName() + "' must be a non-empty string, found "
                    + (text == null ? "null" : '"' + text + '"'));
        }
        return text;
    }

    /** The T5 decoder prefix: {@code ""} when absent or null; never blank but not empty. */
    String targetPrefix(Row row) {
        if (columns.targetPrefix() < 0 || row.isNullAt(columns.targetPrefix())) {
            return "";
        }
        String prefix = row.getString(columns.targetPrefix());
        if (!prefix.isEmpty() && prefix.isBlank()) {
            throw new BadRowException("column '" + columns.targetPrefixName() + "' must be a string, \"\" for none,"
                    + " found \"" + prefix + '"');
        }
        return prefix;
    }

    /** The argmax, or the token named by the target column(s); an id must lie in {@code [0, vocab)}. */
    Target target(Row row, HfTokenizer tokenizer, long vocab) {
        boolean byTarget = columns.target() >= 0 && !row.isNullAt(columns.target());
        boolean byId = columns.targetId() >= 0 && !row.isNullAt(columns.targetId());
        if (byTarget && byId) {
            throw new BadRowException("give the target in column '" + columns.targetName() + "' or '"
                    + columns.targetIdName() + "', not both");
        }
        if (!byTarget && !byId) {
            return Target.argmax();
        }
        long id;
        String shown;
        if (byTarget && columns.targetIsText()) {
            String token = row.getString(columns.target());
            try {
                id = tokenizer.singleTokenId(token);
            } catch (TokenizerException e) {
                throw new BadRowException("target " + e.getMessage(), e);
            }
            shown = id + " ('" + token + "')";
        } else {
            id = ((Number) row.get(byTarget ? columns.target() : columns.targetId())).longValue();
            shown = Long.toString(id);
        }
        if (id < 0 || id >= vocab) {
            throw new BadRowException("target token id " + shown + " is outside the vocabulary [0, " + vocab + ")");
        }
        return Target.token(id);
    }

    /** A classifier's target: the predicted label, or the label (a name) or class index of the target column(s). */
    Target classTarget(Row row, ClassifierExplainer classifier) {
        boolean byTarget = columns.target() >= 0 && !row.isNullAt(columns.target());
        boolean byId = columns.targetId() >= 0 && !row.isNullAt(columns.targetId());
        if (byTarget && byId) {
            throw new BadRowException("give the target in column '" + columns.targetName() + "' or '"
                    + columns.targetIdName() + "', not both");
        }
        if (!byTarget && !byId) {
            return Target.argmax();
        }
        String label = byTarget && columns.targetIsText()
                ? row.getString(columns.target())
                : Long.toString(((Number) row.get(byTarget ? columns.target() : columns.targetId())).longValue());
        try {
            return Target.token(classifier.label(label));
        } catch (InvalidInputException e) {
            throw new BadRowException("target " + e.getMessage(), e);
        }
    }
}
