package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Checkpoint;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.GatedMlp;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Decoder-only causal LM: LLaMA 2/3, TinyLlama, Mistral, Qwen2 (and, with a MoE feed-forward, Mixtral). Built from
 * lxt4j modules only, so a registered composite reaches every op. Weights live until {@link #close()}.
 */
public class LlamaForCausalLM extends Module implements PretrainedModel {

    /** The registry entry: llama, mistral and qwen2 configs (mixtral has its own). */
    public static final ModelFamily FAMILY = new ModelFamily("llama", Set.of("llama", "mistral", "qwen2"),
            LlamaForCausalLM::fromConfig);

    private final LlamaConfig config;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope weights;
    private final Embedding embed;
    private final List<LlamaDecoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final Linear head;
    private final RotaryEmbedding rotary;

    /** Options of one forward pass. */
    public record Options(boolean checkpointLayers, boolean lastPositionOnly, List<Var> layerInputs) {
        public static Options defaults() {
            return new Options(false, false, null);
        }

        public Options withCheckpointing(boolean on) {
            return new Options(on, lastPositionOnly, layerInputs);
        }

        public Options lastOnly() {
            return new Options(checkpointLayers, true, layerInputs);
        }

        /** Collects each decoder layer's input Var (its relevance is retained: latent relevance). */
        public Options collectLayerInputs(List<Var> sink) {
            return new Options(checkpointLayers, lastPositionOnly, sink);
        }
    }

    protected LlamaForCausalLM(LlamaConfig config, WeightSource w,
            BiFunction<String, Integer, FeedForward> feedForward) {
        super("");
        this.config = config;
        this.backend = w.backend();
        this.dtype = w.dtype();
        this.weights = w.scope();
        long h = config.hiddenSize();
        StoredWeight embedding = w.table("model.embed_tokens.weight", config.vocabSize(), h);
        embed = child(new Embedding("model.embed_tokens", embedding, dtype));
        for (int i = 0; i < config.numLayers(); i++) {
            String path = "model.layers." + i;
            layers.add(child(new LlamaDecoderLayer(path, config, w, feedForward.apply(path, i))));
        }
        norm = child(new RmsNorm("model.norm", w.get("model.norm.weight", h), config.rmsNormEps()));
        StoredWeight headWeight = config.tieWordEmbeddings() && !w.has("lm_head.weight")
                ? embedding : w.table("lm_head.weight", config.vocabSize(), h);
        head = child(new Linear("lm_head", headWeight, null));
        rotary = new RotaryEmbedding(config.headDim(), config.rope());
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
            throw new ModelLoadException("model_type 'mixtral' in " + config.folder()
                    + ": load it with MixtralForCausalLM.fromPretrained");
        }
        return load(config.folder(), cfg, options, (w, c) -> new LlamaForCausalLM(c, w,
                (path, i) -> gatedMlp(path + ".mlp", c, w)));
    }

    /** Builds a LLaMA-family model from any weight supplier (for example random weights for benchmarks). */
    public static LlamaForCausalLM build(LlamaConfig cfg, io.github.lxt4j.models.WeightSupplier weights,
            Backend backend, DType dtype) {
        return build(cfg, weights, LoadOptions.of(backend, dtype));
    }

    /** Builds a LLaMA-family model from any weight supplier, with the weights stored as {@code options} say. */
    public static LlamaForCausalLM build(LlamaConfig cfg, io.github.lxt4j.models.WeightSupplier weights,
            LoadOptions options) {
        return ModelBuilder.build(weights, options,
                w -> new LlamaForCausalLM(cfg, w, (path, i) -> gatedMlp(path + ".mlp", cfg, w)));
    }

    /** Opens the checkpoint and builds the model; the weights' scope is closed again if building fails. */
    protected static <M extends LlamaForCausalLM> M load(Path dir, LlamaConfig cfg, LoadOptions options,
            BiFunction<WeightSource, LlamaConfig, M> build) {
        return ModelBuilder.fromCheckpoint(dir, options, w -> build.apply(w, cfg));
    }

    public static JsonConfig readConfig(Path dir) {
        return ModelBuilder.readConfig(dir);
    }

    static GatedMlp gatedMlp(String path, LlamaConfig c, WeightSource w) {
        long h = c.hiddenSize();
        long f = c.intermediateSize();
        return new GatedMlp(path,
                w.linear(join(path, "gate_proj"), f, h, c.mlpBias()),
                w.linear(join(path, "up_proj"), f, h, c.mlpBias()),
                w.linear(join(path, "down_proj"), h, f, c.mlpBias()),
                c.hiddenAct());
    }

    public LlamaConfig config() {
        return config;
    }

    public Backend backend() {
        return backend;
    }

    public DType dtype() {
        return dtype;
    }

    @Override
    public String family() {
        return FAMILY.name();
    }

    @Override
    public String configSource() {
        return config.source().source();
    }

    @Override
    public <R> R accept(ModelVisitor<R> visitor) {
        return visitor.visitCausalLm(this);
    }

    public int numLayers() {
        return layers.size();
    }

    /** Input embeddings for INT64 ids [B, T], as a constant Var; call {@code requireGrad()} to collect relevance. */
    public Var embed(Tensor inputIds) {
        return embed.lookup(inputIds);
    }

    public Embedding embedding() {
        return embed;
    }

    public Var forward(Var embeds) {
        return forward(embeds, null, Options.defaults());
    }

    /**
     * @param embeds [B, T, hidden]
     * @param attentionMask [B][T] of 0/1 (left padding), or null
     * @return logits [B, T, vocab], or [B, 1, vocab] with {@link Options#lastOnly()}
     */
    public Var forward(Var embeds, long[][] attentionMask, Options options) {
        long[] s = embeds.shape();
        int b = (int) s[0];
        int t = (int) s[1];
        // dynamic NTK RoPE exists to run beyond max_position_embeddings: it rescales the base instead
        if (t > config.maxPositions() && config.rope().type() != io.github.lxt4j.nn.RopeScaling.Type.DYNAMIC) {
            throw new SequenceTooLongException(t, config.maxPositions(), "max_position_embeddings");
        }
        Tensor mask = CausalMask.build(backend, attentionMask, b, t, config.slidingWindow());
        Tensor[] cs = rotary.cosSin(CausalMask.positions(attentionMask, b, t), backend, dtype);
        Var x = embeds;
        for (LlamaDecoderLayer layer : layers) {
            if (options.layerInputs() != null) {
                options.layerInputs().add(x.retainGrad());
            }
            if (options.checkpointLayers() || !Tape.isRecording()) {   // no tape: each layer frees its intermediates
                x = Checkpoint.run1(in -> layer.forward(in, cs[0], cs[1], mask), x);
            } else {
                x = layer.forward(x, cs[0], cs[1], mask);
            }
        }
        if (options.lastPositionOnly()) {
            x = SliceOp.apply(x, 1, t - 1, t);
        }
        return head.forward(norm.forward(x));
    }

    @Override
    public void close() {
        weights.close();
    }
}
