package io.github.lxt4j.io;

import java.util.Map;

/**
 * A safetensors header names a dtype lxt4j cannot read (U8, I8, F8_E4M3, ...). It carries the dtype name of every
 * tensor of that header, so that a loader can tell a checkpoint quantized by another tool from a damaged one.
 */
public final class UnsupportedDtypeException extends SafetensorsException {
    private final transient Map<String, String> headerDtypes;

    UnsupportedDtypeException(String message, Map<String, String> headerDtypes) {
        super(message);
        this.headerDtypes = Map.copyOf(headerDtypes);
    }

    /** Tensor name to the dtype name as the header writes it, for every tensor of the file. */
    public Map<String, String> headerDtypes() {
        return headerDtypes;
    }
}
