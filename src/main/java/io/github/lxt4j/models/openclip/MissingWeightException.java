package io.github.lxt4j.models.openclip;

import io.github.lxt4j.models.ModelLoadException;

/** A weight that the config requires is not in the checkpoint; names the key and the tower it belongs to. */
public class MissingWeightException extends ModelLoadException {
    private final String key;

    public MissingWeightException(String key, String tower, Throwable cause) {
        super("missing weight '" + key + "' of the " + tower + " tower: " + cause.getMessage(), cause);
        this.key = key;
    }

    /** The checkpoint key that was looked for. */
    public String key() {
        return key;
    }
}
