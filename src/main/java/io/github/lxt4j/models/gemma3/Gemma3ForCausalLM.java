package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.CausalMask;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.llama.RopeContext;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gemma 3's causal LM (HF Gemma3ForCausalLM), also the language model of a multimodal Gemma 3 checkpoint
 * (Gemma3ForConditionalGeneration; its vision tower is not loaded). Sandwich-norm layers with q/k norms, sliding
 * and global layers with their own masks and RoPE schedules, embeddings scaled by √hidden, optional final logit
 * softcapping. The relevance leaf is the scaled embedding, as HF's {@code get_input_embeddings()} returns it.
 */
public final class Gemma3ForCausalLM extends DecoderModel<Gemma3Context> {

    /** The registry entry: gemma3_text configs, and the text model of gemma3 (multimodal) ones. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "gemma3",
                    Set.of(Gemma3Config.TEXT_TYPE, Gemma3Config.MULTIMODAL_TYPE),
                    Capability.CAUSAL_LM,
                    Gemma3ForCausalLM::fromConfig)
            .withBench(Gemma3Config::parse, Gemma3ForCausalLM::random, Gemma3Config::setDepth, Gemma3Presets.PRESETS);

    private final Gemma3Config config;
    private final Embedding embed;
    private final double embedScale;
    private final List<Gemma3DecoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final Linear head;
    private final Site softcap;
    private final Map<LayerType, RotaryEmbedding> rotary = new EnumMap<>(LayerType.class);

    Gemma3ForCausalLM(Gemma3Config config, Gemma3Layout layout, WeightSource w) {
        super(w, config.source());
        this.config = config;
        long h = config.hiddenSize();
        String body = layout.body();
        StoredWeight table = w.table(layout.embedKey(), config.vocabSize(), h);
        embed = child(new Embedding(join(body, "embed_tokens"), table, w.dtype()));
        embedScale = embedScale(h, w.backend(), w.dtype());
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child(new Gemma3DecoderLayer(join(body, "layers." + i), i, config, w)));
        }
        norm = child(Gemma3Norm.load(join(body, "norm"), h, config.rmsNormEps(), w));
        StoredWeight headWeight = config.tieWordEmbeddings() ? table : w.table(layout.head(), config.vocabSize(), h);
        head = child(new Linear("lm_head", headWeight, null));
        softcap = site(OpKind.ACTIVATION, "final_logit_softcapping");
        config.ropes().forEach((type, schedule) -> rotary.put(type, new RotaryEmbedding(config.headDim(), schedule)));
    }

    /**
     * HF's {@code embed_scale}: √hidden held as a float32 scalar and cast to the weights' dtype (so 50.596443 for
     * hidden 2560 in float32 and float64, 50.5 in bfloat16).
     */
    private static double embedScale(long hidden, Backend backend, DType dtype) {
        try (TensorScope s = TensorScope.open()) {
            return backend.fromDoubles(new double[] {(float) Math.sqrt(hidden)}, dtype, 1)
                    .toDoubleArray()[0];
        }
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static Gemma3ForCausalLM fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.of(Backends.fromEnvironment(), DType.FLOAT32));
    }

    /** Loads the HF checkpoint folder {@code dir}: gemma3_text, or the language model of a gemma3 checkpoint. */
    public static Gemma3ForCausalLM fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /**
     * Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). In a
     * multimodal checkpoint, the vision tower's and projector's tensors are passed over by name; any other tensor
     * outside the language model is refused ({@link Gemma3Layout#multimodal}).
     */
    public static Gemma3ForCausalLM fromConfig(PretrainedConfig pretrained, LoadOptions options) {
        Gemma3Config cfg = Gemma3Config.parse(pretrained.json());
        Path folder = pretrained.folder();
        return ModelBuilder.fromCheckpoint(folder, options, w -> {
            if (!cfg.multimodal()) {
                return new Gemma3ForCausalLM(cfg, Gemma3Layout.TEXT, w);
            }
            Set<String> keys;
            try (Checkpoint ckpt = Checkpoint.open(folder)) {
                keys = new LinkedHashSet<>(ckpt.keys());
            }
            Gemma3Layout layout = Gemma3Layout.multimodal(keys, w.source());
            for (String k : keys) {
                if (layout.isVision(k)) {
                    w.has(k); // asking marks the tensor as considered: the all-tensors-used check passes it over
                }
            }
            return new Gemma3ForCausalLM(cfg, layout, w);
        });
    }

    /** Builds Gemma 3 from any weight supplier (bench's random weights) in the layout its model type implies. */
    public static Gemma3ForCausalLM build(Gemma3Config cfg, WeightSupplier weights, LoadOptions options) {
        Gemma3Layout layout = cfg.multimodal() ? Gemma3Layout.MULTIMODAL_V5 : Gemma3Layout.TEXT;
        return ModelBuilder.build(weights, options, w -> new Gemma3ForCausalLM(cfg, layout, w));
    }

    private static Gemma3ForCausalLM random(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        return build(Gemma3Config.parse(json), weights, options);
    }

    public Gemma3Config config() {
        return config;
    }

    @Override
    public String family() {
        return FAMILY.name();
    }

    /** The embeddings times {@code embed_scale}, scaled before the leaf: relevance is read at the scaled vectors. */
    @Override
    public Var embed(Tensor inputIds) {
        return Var.constant(embed.lookup(inputIds).value().mul(embedScale));
    }

    public Embedding embedding() {
        return embed;
    }

    @Override
    protected List<Gemma3DecoderLayer> layers() {
        return layers;
    }

    @Override
    protected Gemma3Context context(long[][] attentionMask, long[][] positions, int batch, int len) {
        return new Gemma3Context(
                ropeContext(LayerType.SLIDING, attentionMask, positions, batch, len),
                ropeContext(LayerType.FULL, attentionMask, positions, batch, len));
    }

    private RopeContext ropeContext(LayerType type, long[][] mask, long[][] positions, int batch, int len) {
        RotaryEmbedding r = rotary.get(type);
        if (r == null) {
            return null;
        }
        long window = type == LayerType.SLIDING ? config.slidingWindow() : -1;
        Tensor[] cs = r.cosSin(positions, backend(), dtype());
        return new RopeContext(CausalMask.build(backend(), mask, batch, len, window), cs[0], cs[1]);
    }

    @Override
    protected Var logits(Var hidden) {
        Var logits = head.forward(norm.forward(hidden));
        return config.finalLogitSoftcapping().isPresent()
                ? SoftcapOp.apply(
                        softcap, logits, config.finalLogitSoftcapping().getAsDouble())
                : logits;
    }

    @Override
    protected boolean boundedLength() {
        // dynamic NTK RoPE exists to run beyond max_position_embeddings
        return config.ropes().values().stream().noneMatch(r -> r.type() == RopeScaling.Type.DYNAMIC);
    }

    @Override
    public long vocabSize() {
        return config.vocabSize();
    }

    @Override
    public long maxPositions() {
        return boundedLength() ? config.maxPositions() : Long.MAX_VALUE;
    }

    /** The config's {@code pad_token_id}, else the text config's, else Gemma's 0. */
    @Override
    public long padTokenId() {
        return config.source().raw("pad_token_id").isIntegralNumber()
                ? super.padTokenId()
                : config.text().optLong("pad_token_id", 0);
    }

    /** The config's {@code eos_token_id}, else the text config's, else Gemma's 1. */
    @Override
    public Set<Long> eosTokenIds() {
        Set<Long> top = super.eosTokenIds();
        if (!top.isEmpty()) {
            return top;
        }
        Set<Long> out = new LinkedHashSet<>();
        if (config.text().raw("eos_token_id").isIntegralNumber()) {
            out.add(config.text().raw("eos_token_id").asLong());
        } else if (config.text().raw("eos_token_id").isArray()) {
            config.text().raw("eos_token_id").forEach(n -> out.add(n.asLong()));
        } else if (!config.text().has("eos_token_id")) {
            out.add(1L);
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * As LLaMA counts them: the linear layers per token, the head at the last position, and every attention layer
     * as the full T×T square of scores (which is what lxt4j computes: sliding layers mask the square, they do not
     * skip it). The relevance pass counts each attention matmul twice (AttnLRP: both operands).
     */
    @Override
    public FlopCount flops(int batch, int seq) {
        double h = config.hiddenSize();
        double q = (double) config.numHeads() * config.headDim();
        double kv = (double) config.numKvHeads() * config.headDim();
        double perToken = config.numLayers() * (h * q + 2 * h * kv + q * h + 3 * h * config.intermediateSize());
        double attention = 2.0 * config.numLayers() * config.numHeads() * (double) seq * seq * config.headDim();
        double linear = seq * perToken + h * (double) config.vocabSize();
        return new FlopCount(2.0 * batch * (linear + attention), 2.0 * batch * (linear + 2 * attention));
    }

    @Override
    protected int attentionHeads() {
        return config.numHeads();
    }
}
