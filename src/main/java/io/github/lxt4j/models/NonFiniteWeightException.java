package io.github.lxt4j.models;

/** A weight that holds NaN or infinite values. */
public class NonFiniteWeightException extends ModelLoadException {
    public NonFiniteWeightException(String key, String source) {
        super("weight '" + key + "' in " + source + " contains NaN or infinite values");
    }
}
