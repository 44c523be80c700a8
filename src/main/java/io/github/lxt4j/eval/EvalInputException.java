package io.github.lxt4j.eval;

import io.github.lxt4j.Lxt4jException;

/**
 * Input an evaluation cannot use: a missing or malformed dataset (the message names the file, line and field), a
 * source position outside the prompt, an unknown metric, a metric whose data the dataset lacks, an option out of
 * range.
 */
public class EvalInputException extends Lxt4jException {
    public EvalInputException(String message) {
        super(message);
    }

    public EvalInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
