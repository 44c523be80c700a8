package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mixtral: the LLaMA decoder with a {@link SparseMoeBlock} as every layer's feed-forward. Weights are read from
 * HF's layout ({@code model.layers.N.block_sparse_moe.gate.weight}, {@code ...experts.E.w1/w2/w3.weight}).
 * Explain it like any causal LM: {@code CausalLmExplainer}, or the batch interface.
 */
public class MixtralForCausalLM extends LlamaForCausalLM {

    /** The registry entry: mixtral configs. Mixtral models visit as causal LMs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "mixtral", Set.of("mixtral"), Capability.CAUSAL_LM, MixtralForCausalLM::fromConfig)
            .withBench(
                    MixtralConfig::parse,
                    (json, weights, options) -> build(MixtralConfig.parse(json), weights, options),
                    "num_hidden_layers",
                    MixtralPresets.PRESETS);

    private final MixtralConfig moeConfig;
    private final List<SparseMoeBlock> moeBlocks = new ArrayList<>();

    protected MixtralForCausalLM(MixtralConfig config, WeightSource w) {
        super(
                config.base(),
                w,
                withFeedForward(
                        config.base(),
                        w,
                        (path, i) -> new SparseMoeBlock(path + ".block_sparse_moe", MoeSpec.of(config), w, i)));
        this.moeConfig = config;
        collect(this, moeBlocks);
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static MixtralForCausalLM fromPretrained(Path dir) {
        return fromPretrained(dir, Backends.fromEnvironment(), DType.FLOAT32);
    }

    public static MixtralForCausalLM fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights). */
    public static MixtralForCausalLM fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static MixtralForCausalLM fromConfig(PretrainedConfig config, LoadOptions options) {
        MixtralConfig cfg = MixtralConfig.parse(config.json());
        return load(config.folder(), cfg.base(), options, (w, c) -> new MixtralForCausalLM(cfg, w));
    }

    /** Builds Mixtral from any weight supplier (for example random weights for benchmarks). */
    public static MixtralForCausalLM build(MixtralConfig cfg, WeightSupplier weights, Backend backend, DType dtype) {
        return build(cfg, weights, LoadOptions.of(backend, dtype));
    }

    /** Builds Mixtral from any weight supplier, with the weights stored as {@code options} say. */
    public static MixtralForCausalLM build(MixtralConfig cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(weights, options, w -> new MixtralForCausalLM(cfg, w));
    }

    @Override
    public String family() {
        return FAMILY.name();
    }

    @Override
    protected int activeExperts() {
        return moeConfig.numExpertsPerTok();
    }

    public MixtralConfig moeConfig() {
        return moeConfig;
    }

    /** The MoE block of each layer, in layer order. */
    public List<SparseMoeBlock> moeBlocks() {
        return List.copyOf(moeBlocks);
    }

    private static void collect(Module m, List<SparseMoeBlock> out) {
        for (Module c : m.children()) {
            if (c instanceof SparseMoeBlock) {
                out.add((SparseMoeBlock) c);
            } else {
                collect(c, out);
            }
        }
    }
}
