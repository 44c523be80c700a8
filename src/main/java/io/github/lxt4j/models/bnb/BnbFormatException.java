package io.github.lxt4j.models.bnb;

import io.github.lxt4j.models.ModelLoadException;

/** A bitsandbytes checkpoint whose tensors or quant state do not follow the layout lxt4j reads; names file and key. */
public class BnbFormatException extends ModelLoadException {
    public BnbFormatException(String source, String key, String problem) {
        super(source + ": tensor '" + key + "': " + problem);
    }

    public BnbFormatException(String source, String key, String problem, Throwable cause) {
        super(source + ": tensor '" + key + "': " + problem, cause);
    }
}
