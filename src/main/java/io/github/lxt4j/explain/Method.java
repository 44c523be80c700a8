package io.github.lxt4j.explain;

import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import java.util.Locale;

/**
 * The explanation methods of the CLI and batch interface. The output key prefix is the CLI name with '-' turned
 * into '_' ({@code cp-lrp} → {@code cp_lrp}).
 */
public enum Method {
    ATTNLRP("attnlrp"),
    CP_LRP("cp-lrp"),
    GRADIENT_X_INPUT("gradient-x-input"),
    /** CP-LRP with zennit's Gamma rule on conv and MLP linears (vision transformers). */
    CP_LRP_GAMMA("cp-lrp-gamma");

    private final String cliName;

    Method(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public String keyPrefix() {
        return cliName.replace('-', '_');
    }

    /** Gradient × input seeds with 1 and multiplies the gradient by the input; LRP methods seed with the target. */
    public boolean isGradient() {
        return this == GRADIENT_X_INPUT;
    }

    /** The generic composite of this method (models may refine it, e.g. Gamma for vision). */
    public Composite composite() {
        switch (this) {
            case ATTNLRP:
                return Composites.ATTN_LRP;
            case CP_LRP:
            case CP_LRP_GAMMA:
                return Composites.CP_LRP;
            default:
                return Composites.GRADIENT;
        }
    }

    public static Method parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Method m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown method '" + name + "': expected attnlrp, cp-lrp, gradient-x-input or cp-lrp-gamma");
    }

    /**
     * Refuses {@link #CP_LRP_GAMMA} for a model without a patch convolution: the Gamma rule is LXT's option for
     * vision transformers, and without it the method would silently be plain CP-LRP under another name.
     *
     * @param kind the model kind, for the message ({@code causal LMs}, {@code seq2seq LMs})
     */
    void requireTextMethod(String kind) {
        if (this == CP_LRP_GAMMA) {
            throw new InvalidInputException("cp-lrp-gamma is LXT's recipe for vision transformers (a Gamma rule on"
                    + " the patch convolution); " + kind + " take attnlrp, cp-lrp or gradient-x-input");
        }
    }
}
