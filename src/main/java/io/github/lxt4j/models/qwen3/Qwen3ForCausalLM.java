package io.github.lxt4j.models.qwen3;

import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.llama.LlamaDecoderLayer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Qwen3 ({@code Qwen3ForCausalLM}): the LLaMA decoder with {@link Qwen3Attention} (per-head RMSNorm on q and k
 * before RoPE, per-layer sliding windows) and LLaMA's SwiGLU MLP. Weights under HF's names; the head is
 * {@code lm_head.weight}, or the embedding table when {@code tie_word_embeddings} is set and the checkpoint stores
 * no head (Qwen3-0.6B to 4B).
 */
public class Qwen3ForCausalLM extends LlamaForCausalLM {

    /** The registry entry: qwen3 configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "qwen3", Set.of("qwen3"), Capability.CAUSAL_LM, Qwen3ForCausalLM::fromConfig)
            .withBench(
                    Qwen3Config::parse,
                    (json, weights, options) -> build(Qwen3Config.parse(json), weights, options),
                    Qwen3Config::setDepth,
                    Qwen3Presets.PRESETS);

    private final Qwen3Config qwen3;

    /** Qwen3 layers with the feed-forward {@code feedForward(layerPath, index)} (Qwen3-MoE's sparse blocks). */
    protected Qwen3ForCausalLM(
            Qwen3Config config, WeightSource w, BiFunction<String, Integer, FeedForward> feedForward) {
        super(
                config.base(),
                w,
                (path, i) -> new LlamaDecoderLayer(
                        path,
                        config.base().hiddenSize(),
                        config.base().rmsNormEps(),
                        w,
                        new Qwen3Attention(join(path, "self_attn"), config.base(), config.window(i), w),
                        feedForward.apply(path, i)));
        this.qwen3 = config;
    }

    private Qwen3ForCausalLM(Qwen3Config config, WeightSource w) {
        this(config, w, (path, i) -> gatedMlp(join(path, "mlp"), config.base(), w));
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static Qwen3ForCausalLM fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.of(Backends.fromEnvironment(), DType.FLOAT32));
    }

    public static Qwen3ForCausalLM fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights). */
    public static Qwen3ForCausalLM fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static Qwen3ForCausalLM fromConfig(PretrainedConfig config, LoadOptions options) {
        Qwen3Config cfg = Qwen3Config.parse(config.json());
        return ModelBuilder.fromCheckpoint(config.folder(), options, w -> new Qwen3ForCausalLM(cfg, w));
    }

    /** Builds Qwen3 from any weight supplier (bench's random weights), stored as {@code options} say. */
    public static Qwen3ForCausalLM build(Qwen3Config cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(weights, options, w -> new Qwen3ForCausalLM(cfg, w));
    }

    /** The parsed config, with each layer's window. */
    public Qwen3Config qwen3Config() {
        return qwen3;
    }

    @Override
    public String family() {
        return FAMILY.name();
    }
}
