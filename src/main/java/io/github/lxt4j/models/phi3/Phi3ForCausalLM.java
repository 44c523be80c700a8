package io.github.lxt4j.models.phi3;

import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaDecoderLayer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import java.nio.file.Path;
import java.util.Set;

/**
 * Phi-3 ({@code Phi3ForCausalLM}): LLaMA's pre-norm decoder with fused {@code qkv_proj} ({@link Phi3Attention}) and
 * {@code gate_up_proj} ({@link Phi3Mlp}), default or longrope RoPE on the first {@code rotaryDim} dims of each head,
 * an optional sliding window (Mistral's), and an untied head unless {@code tie_word_embeddings}. Explain it like any
 * causal LM; the composites reach its ops under LLaMA's site names.
 */
public class Phi3ForCausalLM extends LlamaForCausalLM {

    /** The registry entry: phi3 configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "phi3", Set.of(Phi3Config.MODEL_TYPE), Capability.CAUSAL_LM, Phi3ForCausalLM::fromConfig)
            .withBench(Phi3Config::parse, Phi3ForCausalLM::random, "num_hidden_layers", Phi3Presets.PRESETS);

    private final Phi3Config phi3Config;

    protected Phi3ForCausalLM(Phi3Config config, WeightSource w) {
        super(
                config.base(),
                w,
                (path, i) -> layer(path, config, w),
                new RotaryEmbedding(config.rotaryDim(), config.base().rope()));
        this.phi3Config = config;
    }

    private static LlamaDecoderLayer layer(String path, Phi3Config config, WeightSource w) {
        LlamaConfig c = config.base();
        return new LlamaDecoderLayer(
                path,
                c.hiddenSize(),
                c.rmsNormEps(),
                w,
                new Phi3Attention(path + ".self_attn", c, config.rotaryDim(), w),
                new Phi3Mlp(path + ".mlp", c.hiddenSize(), c.intermediateSize(), c.hiddenAct(), w));
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static Phi3ForCausalLM fromPretrained(Path dir) {
        return fromPretrained(dir, Backends.fromEnvironment(), DType.FLOAT32);
    }

    public static Phi3ForCausalLM fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights). */
    public static Phi3ForCausalLM fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static Phi3ForCausalLM fromConfig(PretrainedConfig config, LoadOptions options) {
        Phi3Config cfg = Phi3Config.parse(config.json());
        return ModelBuilder.fromCheckpoint(config.folder(), options, w -> new Phi3ForCausalLM(cfg, w));
    }

    /** Builds Phi-3 from any weight supplier (for example random weights for benchmarks). */
    public static Phi3ForCausalLM build(Phi3Config cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(weights, options, w -> new Phi3ForCausalLM(cfg, w));
    }

    private static Phi3ForCausalLM random(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        return build(Phi3Config.parse(json), weights, options);
    }

    /** The Phi-3 settings (the rotary dimension besides LLaMA's). */
    public Phi3Config phi3Config() {
        return phi3Config;
    }

    @Override
    public String family() {
        return FAMILY.name();
    }
}
