package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.models.ModelLoadException;

/** A checkpoint that lacks a weight of one of the experts that {@code num_local_experts} declares. */
public final class MissingExpertException extends ModelLoadException {

    private final String key;

    MissingExpertException(String key, String source, int layer, int expert, int numExperts) {
        super("weight '" + key + "' of expert " + expert + " in layer " + layer + " is missing from " + source + ";"
                + " config.json declares num_local_experts = " + numExperts
                + " (experts are read as block_sparse_moe.experts.E.w1/w2/w3)");
        this.key = key;
    }

    /** The missing weight's key. */
    public String key() {
        return key;
    }
}
