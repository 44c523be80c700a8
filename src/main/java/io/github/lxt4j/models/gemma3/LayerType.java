package io.github.lxt4j.models.gemma3;

/** The attention kind of one Gemma 3 decoder layer, as HF's {@code layer_types} names it. */
public enum LayerType {
    /** {@code sliding_attention}: query i sees keys i − W &lt; j ≤ i (W = {@code sliding_window}), local RoPE. */
    SLIDING("sliding_attention"),
    /** {@code full_attention}: causal attention over every earlier key, global RoPE. */
    FULL("full_attention");

    private final String hfName;

    LayerType(String hfName) {
        this.hfName = hfName;
    }

    /** The name in {@code layer_types} and as a key of v5 {@code rope_parameters}. */
    public String hfName() {
        return hfName;
    }

    /** The type named {@code name}, or null for a name Gemma 3 does not use. */
    static LayerType fromHf(String name) {
        for (LayerType t : values()) {
            if (t.hfName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
