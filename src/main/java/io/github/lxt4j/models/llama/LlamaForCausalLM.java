package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.CausalMask;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.GatedMlp;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Decoder-only causal LM: LLaMA 2/3, TinyLlama, Mistral, Qwen2 (and, with other attention or feed-forward blocks,
 * the families built on its layer: Mixtral, Qwen3, Qwen3-MoE, Phi-3). Built from lxt4j modules only, so a registered
 * composite reaches every op. Weights live until {@link #close()}.
 */
public class LlamaForCausalLM extends DecoderModel<RopeContext> {

    /** The registry entry: llama, mistral and qwen2 configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "llama", Set.of("llama", "mistral", "qwen2"), Capability.CAUSAL_LM, LlamaForCausalLM::fromConfig)
            .withBench(LlamaConfig::parse, LlamaForCausalLM::random, "num_hidden_layers", LlamaPresets.PRESETS);

    /** Builds layer {@code index} at {@code path} ({@code model.layers.N}). */
    @FunctionalInterface
    public interface LayerFactory {
        LlamaDecoderLayer create(String path, int index);
    }

    private final LlamaConfig config;
    private final Embedding embed;
    private final List<LlamaDecoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final Linear head;
    private final RotaryEmbedding rotary;

    /** LLaMA layers ({@link LlamaAttention}) with the feed-forward {@code feedForward(path, index)}. */
    public static LayerFactory withFeedForward(
            LlamaConfig config, WeightSource w, BiFunction<String, Integer, FeedForward> feedForward) {
        return (path, i) -> new LlamaDecoderLayer(path, config, w, feedForward.apply(path, i));
    }

    /** Layers from {@code layerFactory}; embeddings, final norm, head and RoPE as LLaMA has them. */
    protected LlamaForCausalLM(LlamaConfig config, WeightSource w, LayerFactory layerFactory) {
        this(config, w, layerFactory, new RotaryEmbedding(config.headDim(), config.rope()));
    }

    /** As above, with the RoPE tables of {@code rotary} (a partial rotary dimension, say). */
    protected LlamaForCausalLM(LlamaConfig config, WeightSource w, LayerFactory layerFactory, RotaryEmbedding rotary) {
        super(w, config.source());
        this.config = config;
        long h = config.hiddenSize();
        StoredWeight embedding = w.table("model.embed_tokens.weight", config.vocabSize(), h);
        embed = child(new Embedding("model.embed_tokens", embedding, w.dtype()));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child(layerFactory.create("model.layers." + i, i)));
        }
        norm = child(new RmsNorm("model.norm", w.get("model.norm.weight", h), config.rmsNormEps()));
        StoredWeight headWeight = config.tieWordEmbeddings() && !w.has("lm_head.weight")
                ? embedding
                : w.table("lm_head.weight", config.vocabSize(), h);
        head = child(new Linear("lm_head", headWeight, null));
        this.rotary = rotary;
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static LlamaForCausalLM fromPretrained(Path dir) {
        return fromPretrained(dir, Backends.fromEnvironment(), DType.FLOAT32);
    }

    public static LlamaForCausalLM fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights). */
    public static LlamaForCausalLM fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static LlamaForCausalLM fromConfig(PretrainedConfig config, LoadOptions options) {
        LlamaConfig cfg = LlamaConfig.parse(config.json());
        if (cfg.modelType().equals("mixtral")) {
            throw new ModelLoadException(
                    "model_type 'mixtral' in " + config.folder() + ": load it with MixtralForCausalLM.fromPretrained");
        }
        return load(
                config.folder(),
                cfg,
                options,
                (w, c) ->
                        new LlamaForCausalLM(c, w, withFeedForward(c, w, (path, i) -> gatedMlp(path + ".mlp", c, w))));
    }

    /** Builds a LLaMA-family model from any weight supplier (for example random weights for benchmarks). */
    public static LlamaForCausalLM build(LlamaConfig cfg, WeightSupplier weights, Backend backend, DType dtype) {
        return build(cfg, weights, LoadOptions.of(backend, dtype));
    }

    /** Builds a LLaMA-family model from any weight supplier, with the weights stored as {@code options} say. */
    public static LlamaForCausalLM build(LlamaConfig cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(
                weights,
                options,
                w -> new LlamaForCausalLM(
                        cfg, w, withFeedForward(cfg, w, (path, i) -> gatedMlp(path + ".mlp", cfg, w))));
    }

    private static LlamaForCausalLM random(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        return build(LlamaConfig.parse(json), weights, options);
    }

    /** Opens the checkpoint and builds the model; the weights' scope is closed again if building fails. */
    protected static <M extends LlamaForCausalLM> M load(
            Path dir, LlamaConfig cfg, LoadOptions options, BiFunction<WeightSource, LlamaConfig, M> build) {
        return ModelBuilder.fromCheckpoint(dir, options, w -> build.apply(w, cfg));
    }

    /** LLaMA's SwiGLU MLP at {@code path} ({@code gate_proj}, {@code up_proj}, {@code down_proj}). */
    public static GatedMlp gatedMlp(String path, LlamaConfig c, WeightSource w) {
        long h = c.hiddenSize();
        long f = c.intermediateSize();
        return new GatedMlp(
                path,
                w.linear(join(path, "gate_proj"), f, h, c.mlpBias()),
                w.linear(join(path, "up_proj"), f, h, c.mlpBias()),
                w.linear(join(path, "down_proj"), h, f, c.mlpBias()),
                c.hiddenAct());
    }

    public LlamaConfig config() {
        return config;
    }

    @Override
    public String family() {
        return FAMILY.name();
    }

    @Override
    public Var embed(Tensor inputIds) {
        return embed.lookup(inputIds);
    }

    public Embedding embedding() {
        return embed;
    }

    @Override
    protected List<LlamaDecoderLayer> layers() {
        return layers;
    }

    @Override
    protected RopeContext context(long[][] attentionMask, long[][] positions, int batch, int len) {
        Tensor mask = CausalMask.build(backend(), attentionMask, batch, len, config.slidingWindow());
        Tensor[] cs = rotary.cosSin(positions, backend(), dtype());
        return new RopeContext(mask, cs[0], cs[1]);
    }

    @Override
    protected Var logits(Var hidden) {
        return head.forward(norm.forward(hidden));
    }

    @Override
    protected boolean boundedLength() {
        // dynamic NTK RoPE exists to run beyond max_position_embeddings: it rescales the base instead
        return config.rope().type() != RopeScaling.Type.DYNAMIC;
    }

    @Override
    public long vocabSize() {
        return config.vocabSize();
    }

    @Override
    public long maxPositions() {
        return boundedLength() ? config.maxPositions() : Long.MAX_VALUE;
    }

    /** Experts each token runs through (1 for a dense model). */
    protected int activeExperts() {
        return 1;
    }

    /** Multiply-adds of the linear layers per token, all layers. */
    protected double linearMultiplyAddsPerToken() {
        double h = config.hiddenSize();
        double q = (double) config.numHeads() * config.headDim();
        double kv = (double) config.numKvHeads() * config.headDim();
        return config.numLayers() * (h * q + 2 * h * kv + q * h + 3 * h * config.intermediateSize() * activeExperts());
    }

    @Override
    public FlopCount flops(int batch, int seq) {
        double attention = 2.0 * config.numLayers() * config.numHeads() * (double) seq * seq * config.headDim();
        double head = config.hiddenSize() * (double) config.vocabSize();
        double linear = seq * linearMultiplyAddsPerToken() + head;
        return new FlopCount(2.0 * batch * (linear + attention), 2.0 * batch * (linear + 2 * attention));
    }

    @Override
    protected int attentionHeads() {
        return config.numHeads();
    }
}
