package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.models.ModelLoadException;

/** A checkpoint that lacks a weight of one of the experts its config declares (Mixtral, Qwen3-MoE). */
public final class MissingExpertException extends ModelLoadException {

    private final String key;

    MissingExpertException(String key, String source, int layer, int expert, MoeSpec spec) {
        super("weight '" + key + "' of expert " + expert + " in layer " + layer + " is missing from " + source + ";"
                + " config.json declares " + spec.countField() + " = " + spec.numExperts()
                + " (experts are read as " + spec.layout() + ")");
        this.key = key;
    }

    /** The missing weight's key. */
    public String key() {
        return key;
    }
}
