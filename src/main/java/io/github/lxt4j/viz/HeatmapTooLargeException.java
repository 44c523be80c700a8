package io.github.lxt4j.viz;

import io.github.lxt4j.Lxt4jException;

/** A heatmap whose image would exceed the size lxt4j renders (the message gives the size and the limit). */
public class HeatmapTooLargeException extends Lxt4jException {
    /** An exception with the given message. */
    public HeatmapTooLargeException(String message) {
        super(message);
    }
}
