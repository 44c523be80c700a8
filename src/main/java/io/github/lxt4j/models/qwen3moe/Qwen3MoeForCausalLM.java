package io.github.lxt4j.models.qwen3moe;

import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.mixtral.SparseMoeBlock;
import io.github.lxt4j.models.qwen3.Qwen3Config;
import io.github.lxt4j.models.qwen3.Qwen3ForCausalLM;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Qwen3-MoE ({@code Qwen3MoeForCausalLM}): Qwen3's decoder with a {@link SparseMoeBlock} as the feed-forward of the
 * sparse layers ({@code model.layers.N.mlp.gate.weight} [E, hidden], {@code mlp.experts.E.gate_proj/up_proj/down_proj})
 * and a dense SwiGLU MLP in the others. Routing: softmax over the experts, top {@code num_experts_per_tok},
 * renormalised only with {@code norm_topk_prob}; no shared expert.
 */
public class Qwen3MoeForCausalLM extends Qwen3ForCausalLM {

    /** The registry entry: qwen3_moe configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "qwen3_moe", Set.of("qwen3_moe"), Capability.CAUSAL_LM, Qwen3MoeForCausalLM::fromConfig)
            .withBench(
                    Qwen3MoeConfig::parse,
                    (json, weights, options) -> build(Qwen3MoeConfig.parse(json), weights, options),
                    Qwen3Config::setDepth,
                    Qwen3MoePresets.PRESETS);

    private final Qwen3MoeConfig moe;

    private Qwen3MoeForCausalLM(Qwen3MoeConfig cfg, WeightSource w) {
        super(
                cfg.attention(),
                w,
                (path, i) -> cfg.sparse(i)
                        ? new SparseMoeBlock(join(path, "mlp"), cfg.moeSpec(), w, i)
                        : gatedMlp(join(path, "mlp"), cfg.attention().base(), w));
        this.moe = cfg;
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static Qwen3MoeForCausalLM fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.of(Backends.fromEnvironment(), DType.FLOAT32));
    }

    public static Qwen3MoeForCausalLM fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights). */
    public static Qwen3MoeForCausalLM fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static Qwen3MoeForCausalLM fromConfig(PretrainedConfig config, LoadOptions options) {
        Qwen3MoeConfig cfg = Qwen3MoeConfig.parse(config.json());
        return ModelBuilder.fromCheckpoint(config.folder(), options, w -> new Qwen3MoeForCausalLM(cfg, w));
    }

    /** Builds Qwen3-MoE from any weight supplier (bench's random weights), stored as {@code options} say. */
    public static Qwen3MoeForCausalLM build(Qwen3MoeConfig cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(weights, options, w -> new Qwen3MoeForCausalLM(cfg, w));
    }

    /** The parsed config, with the sparse-layer rule and the experts. */
    public Qwen3MoeConfig moeConfig() {
        return moe;
    }

    /** The sparse block of each sparse layer, in layer order. */
    public List<SparseMoeBlock> moeBlocks() {
        List<SparseMoeBlock> out = new ArrayList<>();
        collect(this, out);
        return List.copyOf(out);
    }

    private static void collect(Module m, List<SparseMoeBlock> out) {
        for (Module c : m.children()) {
            if (c instanceof SparseMoeBlock b) {
                out.add(b);
            } else {
                collect(c, out);
            }
        }
    }

    @Override
    public String family() {
        return FAMILY.name();
    }

    /** Attention projections, and per layer the router plus the k active experts, or the dense MLP. */
    @Override
    protected double linearMultiplyAddsPerToken() {
        LlamaConfig c = config();
        double h = c.hiddenSize();
        double q = (double) c.numHeads() * c.headDim();
        double kv = (double) c.numKvHeads() * c.headDim();
        double total = 0;
        for (int i = 0; i < c.numLayers(); i++) {
            total += h * q + 2 * h * kv + q * h;
            total += moe.sparse(i)
                    ? h * moe.numExperts() + moe.topK() * 3 * h * moe.moeIntermediateSize()
                    : 3 * h * c.intermediateSize();
        }
        return total;
    }
}
