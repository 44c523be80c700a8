package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;

/**
 * A Mixtral {@code config.json} (v4 or v5 style): the LLaMA-style attention settings plus the sparse MoE feed-forward.
 * {@code intermediate_size} is each expert's hidden width.
 *
 * @param base the attention, norm, RoPE and vocabulary settings
 * @param numLocalExperts {@code num_local_experts}
 * @param numExpertsPerTok {@code num_experts_per_tok}, the top-k of the router
 */
public record MixtralConfig(LlamaConfig base, int numLocalExperts, int numExpertsPerTok) {

    public static MixtralConfig parse(JsonConfig c) {
        LlamaConfig base = LlamaConfig.parse(c);
        if (!base.modelType().equals("mixtral")) {
            throw new UnsupportedModelException("model_type '" + base.modelType() + "' in " + c.source()
                    + " is not mixtral: load it with LlamaForCausalLM.fromPretrained");
        }
        int experts = c.requireInt("num_local_experts");
        int topK = c.requireInt("num_experts_per_tok");
        if (experts < 1) {
            throw new ConfigException(c.source() + ": field 'num_local_experts' must be >= 1, found " + experts);
        }
        if (topK < 1 || topK > experts) {
            throw new ConfigException(c.source() + ": field 'num_experts_per_tok' = " + topK
                    + " must be between 1 and num_local_experts = " + experts);
        }
        return new MixtralConfig(base, experts, topK);
    }
}
