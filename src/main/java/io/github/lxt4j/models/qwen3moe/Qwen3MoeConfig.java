package io.github.lxt4j.models.qwen3moe;

import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.mixtral.MoeSpec;
import io.github.lxt4j.models.qwen3.Qwen3Config;
import io.github.lxt4j.models.qwen3.SlidingLayers;
import java.util.Arrays;
import java.util.List;

/**
 * A Qwen3-MoE {@code config.json} (HF v4 or v5 style): Qwen3's attention settings plus the sparse blocks. Layer i is
 * sparse when it is not in {@code mlp_only_layers}, there are experts, and {@code (i + 1) % decoder_sparse_step == 0};
 * the other layers have a dense SwiGLU MLP of {@code intermediate_size}.
 *
 * @param attention the Qwen3 settings ({@code head_dim} defaults to hidden / heads here; a sliding window, with
 *     {@code use_sliding_window}, applies to every layer unless {@code layer_types} says otherwise)
 * @param numExperts {@code num_experts}, or {@code num_local_experts} as transformers 5 writes it
 * @param expertsField which of the two the config holds, for messages
 * @param topK {@code num_experts_per_tok}
 * @param moeIntermediateSize {@code moe_intermediate_size}, each expert's width
 * @param normTopkProb {@code norm_topk_prob} (default false): renormalise the top-k weights to sum 1
 * @param decoderSparseStep {@code decoder_sparse_step} (default 1)
 * @param mlpOnlyLayers {@code mlp_only_layers} (default none)
 */
public record Qwen3MoeConfig(
        Qwen3Config attention,
        int numExperts,
        String expertsField,
        int topK,
        long moeIntermediateSize,
        boolean normTopkProb,
        int decoderSparseStep,
        List<Long> mlpOnlyLayers) {

    public Qwen3MoeConfig {
        mlpOnlyLayers = List.copyOf(mlpOnlyLayers);
    }

    /**
     * Parses a {@code qwen3_moe} config.
     *
     * @throws UnsupportedModelException for another model type, activation or head grouping
     * @throws ConfigException naming the field of a missing or bad value
     */
    public static Qwen3MoeConfig parse(JsonConfig c) {
        Qwen3Config.requireType(c, "qwen3_moe");
        int layers = (int) ConfigChecks.positive(c, "num_hidden_layers", c.requireInt("num_hidden_layers"));
        String field = expertsField(c);
        int experts = c.requireInt(field);
        if (experts < 0) {
            throw new ConfigException(c.source() + ": field '" + field + "' must be >= 0, found " + experts);
        }
        int step = (int) ConfigChecks.positive(c, "decoder_sparse_step", c.optInt("decoder_sparse_step", 1));
        List<Long> mlpOnly = c.has("mlp_only_layers") && !c.isNull("mlp_only_layers")
                ? boxed(c.longList("mlp_only_layers"))
                : List.of();
        int sparse = 0;
        for (int i = 0; i < layers; i++) {
            sparse += isSparse(i, experts, step, mlpOnly) ? 1 : 0;
        }
        int topK = c.optInt("num_experts_per_tok", 8);
        long moeWidth = c.optLong("moe_intermediate_size", 768);
        if (sparse > 0) {
            topK = c.requireInt("num_experts_per_tok");
            if (topK < 1 || topK > experts) {
                throw new ConfigException(c.source() + ": field 'num_experts_per_tok' = " + topK
                        + " must be between 1 and " + field + " = " + experts);
            }
            moeWidth = ConfigChecks.positive(c, "moe_intermediate_size", c.requireLong("moe_intermediate_size"));
        }
        long dense = sparse < layers ? c.requireLong("intermediate_size") : c.optLong("intermediate_size", 6144);
        ConfigChecks.positive(c, "intermediate_size", dense);
        LlamaConfig base = Qwen3Config.base(c, dense, 0);
        return new Qwen3MoeConfig(
                new Qwen3Config(base, SlidingLayers.parse(c, layers, true)),
                experts,
                field,
                topK,
                moeWidth,
                c.optBoolean("norm_topk_prob", false),
                step,
                mlpOnly);
    }

    /** Whether layer {@code layer} has a sparse block (else a dense MLP), as HF's Qwen3MoeDecoderLayer decides. */
    public boolean sparse(int layer) {
        return isSparse(layer, numExperts, decoderSparseStep, mlpOnlyLayers);
    }

    /** The sparse blocks' spec: {@code mlp.experts.E.gate_proj/up_proj/down_proj}, renormalised with norm_topk_prob. */
    public MoeSpec moeSpec() {
        LlamaConfig b = attention.base();
        return new MoeSpec(
                numExperts,
                topK,
                b.hiddenSize(),
                moeIntermediateSize,
                b.hiddenAct(),
                normTopkProb,
                expertsField,
                "gate_proj",
                "up_proj",
                "down_proj");
    }

    private static boolean isSparse(int layer, int experts, int step, List<Long> mlpOnly) {
        return !mlpOnly.contains((long) layer) && experts > 0 && (layer + 1) % step == 0;
    }

    /** {@code num_experts} or {@code num_local_experts}; both must agree where both are present. */
    private static String expertsField(JsonConfig c) {
        boolean num = c.has("num_experts") && !c.isNull("num_experts");
        boolean local = c.has("num_local_experts") && !c.isNull("num_local_experts");
        if (num && local && c.requireLong("num_experts") != c.requireLong("num_local_experts")) {
            throw new ConfigException(c.source() + ": fields 'num_experts' = " + c.requireLong("num_experts")
                    + " and 'num_local_experts' = " + c.requireLong("num_local_experts") + " disagree (they name the"
                    + " same count)");
        }
        if (!num && !local) {
            throw new ConfigException(c.source() + ": missing required field 'num_experts' (or 'num_local_experts')");
        }
        return num ? "num_experts" : "num_local_experts";
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
