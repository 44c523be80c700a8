package io.github.lxt4j.models;

import java.util.Arrays;

/** A weight whose shape differs from what the config implies. */
public class WeightShapeException extends ModelLoadException {
    public WeightShapeException(String key, String source, long[] expected, long[] found) {
        super("weight '" + key + "' in " + source + " has shape " + Arrays.toString(found) + ", expected "
                + Arrays.toString(expected) + " from the config");
    }
}
