package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.autograd.ops.Activation;
import java.util.Objects;

/**
 * The shape, routing and checkpoint names of a {@link SparseMoeBlock}. Mixtral and Qwen3-MoE differ only here: the
 * expert projections' names ({@code w1/w3/w2} or {@code gate_proj/up_proj/down_proj}) and whether the top-k
 * routing weights are renormalised to sum 1 (Mixtral always; Qwen3-MoE with {@code norm_topk_prob}).
 *
 * @param numExperts experts per block
 * @param topK experts each token runs through
 * @param hidden the model's hidden size
 * @param expertSize each expert's intermediate width
 * @param activation the experts' gate activation
 * @param renormalize whether the top-k weights become w / Σw
 * @param countField the config field that declares {@code numExperts}, for messages
 * @param gateProj the name of the gate projection under {@code experts.E}
 * @param upProj the name of the up projection
 * @param downProj the name of the down projection
 */
public record MoeSpec(
        int numExperts,
        int topK,
        long hidden,
        long expertSize,
        Activation activation,
        boolean renormalize,
        String countField,
        String gateProj,
        String upProj,
        String downProj) {

    public MoeSpec {
        if (numExperts < 1 || topK < 1 || topK > numExperts || hidden < 1 || expertSize < 1) {
            throw new IllegalArgumentException("MoE block with " + numExperts + " experts, top-" + topK + ", hidden "
                    + hidden + ", expert width " + expertSize);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(countField, "countField");
        Objects.requireNonNull(gateProj, "gateProj");
        Objects.requireNonNull(upProj, "upProj");
        Objects.requireNonNull(downProj, "downProj");
    }

    /** Mixtral's block: {@code experts.E.w1} (gate), {@code w3} (up), {@code w2} (down), always renormalised. */
    public static MoeSpec of(MixtralConfig c) {
        return new MoeSpec(
                c.numLocalExperts(),
                c.numExpertsPerTok(),
                c.base().hiddenSize(),
                c.base().intermediateSize(),
                c.base().hiddenAct(),
                true,
                "num_local_experts",
                "w1",
                "w3",
                "w2");
    }

    /** How the expert weights are named, for messages: {@code experts.E.w1/w3/w2}. */
    String layout() {
        return "experts.E." + gateProj + "/" + upProj + "/" + downProj;
    }
}
