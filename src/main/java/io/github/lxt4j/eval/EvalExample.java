package io.github.lxt4j.eval;

/**
 * One line of an evaluation dataset.
 *
 * @param where the file and line it came from ({@code eval.jsonl:12}), for messages
 * @param prompt the text to explain
 * @param answer the expected next token's text, or null (then it counts for no accuracy)
 * @param sourcePosition the token position (BOS at 0) that should carry the relevance, or null (no hit@k)
 */
public record EvalExample(String where, String prompt, String answer, Integer sourcePosition) {

    public EvalExample {
        if (prompt == null || prompt.isBlank()) {
            throw new EvalInputException(where + ": empty prompt");
        }
        if (sourcePosition != null && sourcePosition < 0) {
            throw new EvalInputException(where + ": source_position must be >= 0, got " + sourcePosition);
        }
    }
}
