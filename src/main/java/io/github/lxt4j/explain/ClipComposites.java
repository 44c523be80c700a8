package io.github.lxt4j.explain;

import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.rules.Rules;

/**
 * Rule composites for CLIP, addressing the model's OpenCLIP-named sites (see docs/models-openclip.md).
 *
 * <ul>
 *   <li>{@link #cpLrp()}: LXT's recipe for ViTs. Attention weights are constants (softmax: stop; attention·v: ε), so
 *       relevance flows through the values only; LayerNorm ε (identity on 1/std, ε on the centring and affine part);
 *       GELU identity; normalize identity; the final image·text product uniform (½, ½); every linear, conv and
 *       residual or positional add ε.</li>
 *   <li>{@link #cpLrpGamma(double, double)}: the same with zennit's Gamma rule ({@code Gamma(γ, stabilizer=1e-6)})
 *       on the patch conv {@code visual.conv1} (γ_conv) and on the MLP linears {@code *.mlp.c_fc},
 *       {@code *.mlp.c_proj} of both towers (γ_linear). Attention projections and the final projections stay ε.</li>
 *   <li>{@link #attnLrp()}: AttnLRP's rules with the same uniform split at the similarity (not checked against a
 *       reference for CLIP).</li>
 * </ul>
 */
public final class ClipComposites {
    private ClipComposites() {}

    /** zennit's default stabilizer of the Gamma rule. */
    public static final double GAMMA_STABILIZER = 1e-6;

    /** The similarity product {@code normalize(img) · normalize(txt)ᵀ}. */
    public static final String SIMILARITY = DualEncoder.SIMILARITY;

    public static final Composite CP_LRP = cpLrp();

    public static Composite cpLrp() {
        return Composites.cpLrp()
                .toBuilderName("clip-cp-lrp")
                .path(SIMILARITY, new Rules.Uniform())
                .build();
    }

    public static Composite cpLrpGamma(double convGamma, double linearGamma) {
        checkGamma(convGamma, "conv");
        checkGamma(linearGamma, "linear");
        Rules.Gamma lin = new Rules.Gamma(linearGamma, GAMMA_STABILIZER);
        return Composites.cpLrp()
                .toBuilderName("clip-cp-lrp-gamma(conv=" + convGamma + ", linear=" + linearGamma + ")")
                .path(SIMILARITY, new Rules.Uniform())
                .path("visual.conv1", new Rules.Gamma(convGamma, GAMMA_STABILIZER))
                .path("*.mlp.c_fc", lin)
                .path("*.mlp.c_proj", lin)
                .build();
    }

    public static Composite attnLrp() {
        return Composites.attnLrp()
                .toBuilderName("clip-attnlrp")
                .path(SIMILARITY, new Rules.Uniform())
                .build();
    }

    /**
     * A fresh composite for a batch-interface method (fresh, so that models explained concurrently do not share its
     * registrations); the gammas are used by {@link Method#CP_LRP_GAMMA} only.
     */
    public static Composite forMethod(Method method, double convGamma, double linearGamma) {
        switch (method) {
            case CP_LRP:
                return cpLrp();
            case CP_LRP_GAMMA:
                return cpLrpGamma(convGamma, linearGamma);
            case ATTNLRP:
                return attnLrp();
            default:
                return Composite.builder("clip-gradient")
                        .fallback(new Rules.Gradient())
                        .build();
        }
    }

    private static void checkGamma(double g, String what) {
        if (!(g >= 0) || Double.isInfinite(g)) {
            throw new IllegalArgumentException(what + " gamma must be finite and >= 0, got " + g);
        }
    }
}
