package io.github.lxt4j.io;

/** A tensor key that a checkpoint does not hold. */
public class MissingTensorException extends SafetensorsException {
    private final String key;

    public MissingTensorException(String key, String checkpoint) {
        super("tensor '" + key + "' not found in " + checkpoint);
        this.key = key;
    }

    /** The key that was asked for. */
    public String key() {
        return key;
    }
}
