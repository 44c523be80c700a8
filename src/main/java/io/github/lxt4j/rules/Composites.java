package io.github.lxt4j.rules;

import io.github.lxt4j.rules.Rules.Epsilon;
import io.github.lxt4j.rules.Rules.Gradient;
import io.github.lxt4j.rules.Rules.Identity;
import io.github.lxt4j.rules.Rules.SoftmaxTaylor;
import io.github.lxt4j.rules.Rules.StopRelevance;
import io.github.lxt4j.rules.Rules.Uniform;
import io.github.lxt4j.rules.Rules.UniformEpsilon;

/**
 * Preset composites. They address sites by kind and by the site names that lxt4j's modules use
 * ({@code *.qk} for q·kᵀ, {@code *.av} for attention·v, {@code *.gate_act} and {@code *.gate_mul} in gated MLPs,
 * {@code *.expert_mul} in MoE blocks); see docs/rules.md.
 */
public final class Composites {
    private Composites() {}

    /** AttnLRP (Achtibat et al., ICML 2024): the rules of the fixtures README, op by op. */
    public static final Composite ATTN_LRP = attnLrp().build();

    /** CP-LRP: attention weights and the gate branch are constants; relevance flows through values only. */
    public static final Composite CP_LRP = cpLrp().build();

    /** Plain gradient everywhere: the relevance field holds ∂target/∂x (multiply by x for gradient × input). */
    public static final Composite GRADIENT =
            Composite.builder("gradient").fallback(new Gradient()).build();

    public static Composite.Builder attnLrp() {
        return Composite.builder("attnlrp")
                .kind(OpKind.LINEAR, new Epsilon())
                .kind(OpKind.CONV2D, new Epsilon())
                .kind(OpKind.MATMUL, new UniformEpsilon())
                .kind(OpKind.SOFTMAX, new SoftmaxTaylor())
                .kind(OpKind.MUL, new Uniform())
                .kind(OpKind.DIV, new Epsilon())
                .kind(OpKind.ADD, new Epsilon())
                .kind(OpKind.SUB, new Epsilon())
                .kind(OpKind.MEAN, new Epsilon())
                .kind(OpKind.SUM, new Epsilon())
                .kind(OpKind.ROPE, new Epsilon())
                .kind(OpKind.SCALE, new Identity())
                .kind(OpKind.RMS_NORM, new Identity())
                // LXT's layer_norm_forward (every LayerNorm family: GPT-2, BERT, ViT): 1/std constant, ε on the rest
                .kind(OpKind.LAYER_NORM, new Epsilon())
                .kind(OpKind.NORMALIZE, new Identity())
                .kind(OpKind.ACTIVATION, new Identity())
                .kind(OpKind.EMBEDDING, new Identity())
                .kind(OpKind.STRUCTURAL, new Identity());
    }

    public static Composite.Builder cpLrp() {
        return attnLrp()
                .toBuilderName("cp-lrp")
                .kind(OpKind.SOFTMAX, new StopRelevance())
                .path("*.av", new Epsilon())
                .path("*.gate_act", new StopRelevance())
                .path("*.gate_mul", new Identity());
    }
}
