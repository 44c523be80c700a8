package io.github.lxt4j.models.gpt2;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.CausalMask;
import io.github.lxt4j.models.CheckpointLayout;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GPT-2 (HF {@code GPT2LMHeadModel}): token embeddings {@code wte}, learned absolute positions {@code wpe} added
 * before block 0, pre-LN blocks ({@link Gpt2Block}), the final {@code ln_f} and a head tied to {@code wte} unless the
 * checkpoint has {@code lm_head.weight}. The explained input is {@code wte(ids)}; the position embeddings are a
 * constant added inside (ε rule: they absorb their share), so latent {@code layer.0} is wte + wpe.
 */
public final class Gpt2LMHeadModel extends DecoderModel<Tensor> {

    /** The registry entry: gpt2 configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "gpt2", Set.of(Gpt2Config.MODEL_TYPE), Capability.CAUSAL_LM, Gpt2LMHeadModel::fromConfig)
            .withBench(
                    Gpt2Config::parse,
                    Gpt2LMHeadModel::random,
                    (config, layers) -> {
                        config.put("n_layer", layers);
                        if (config.has("num_hidden_layers")) {
                            config.put("num_hidden_layers", layers);
                        }
                    },
                    Gpt2Presets.PRESETS);

    private final Gpt2Config config;
    private final Embedding wte;
    private final Tensor wpe;
    private final List<Gpt2Block> blocks = new ArrayList<>();
    private final LayerNorm lnF;
    private final Linear head;
    private final Site positionAdd;

    private Gpt2LMHeadModel(Gpt2Config config, WeightSource w) {
        super(w, config.source());
        if (config.reorderAndUpcastAttn() && w.dtype() == DType.FLOAT16) {
            throw new UnsupportedModelException(config.source().source() + ": reorder_and_upcast_attn = true"
                    + " computes the attention scores in float32; load this model in float32 or float64, not float16");
        }
        this.config = config;
        long h = config.hiddenSize();
        StoredWeight table = w.table("transformer.wte.weight", config.vocabSize(), h);
        wte = child(new Embedding("transformer.wte", table, w.dtype()));
        wpe = w.get("transformer.wpe.weight", config.maxPositions(), h);
        for (int i = 0; i < config.numLayers(); i++) {
            blocks.add(child(new Gpt2Block("transformer.h." + i, config, i, w)));
        }
        lnF = child(Gpt2Block.layerNorm("transformer.ln_f", config, w));
        StoredWeight headWeight = config.tieWordEmbeddings() && !w.has("lm_head.weight")
                ? table
                : w.table("lm_head.weight", config.vocabSize(), h);
        head = child(new Linear("lm_head", headWeight, null));
        positionAdd = site(OpKind.ADD, "transformer.wpe_add");
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static Gpt2LMHeadModel fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.of(Backends.fromEnvironment(), DType.FLOAT32));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights, either key layout). */
    public static Gpt2LMHeadModel fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static Gpt2LMHeadModel fromConfig(PretrainedConfig config, LoadOptions options) {
        Gpt2Config cfg = Gpt2Config.parse(config.json());
        return ModelBuilder.fromCheckpoint(
                config.folder(), options, Gpt2CheckpointLayout.INSTANCE, w -> new Gpt2LMHeadModel(cfg, w));
    }

    /**
     * Builds GPT-2 from any weight supplier that answers the modules' requests as they are: GPT2LMHeadModel's key
     * names ({@code transformer.} prefix) and every linear weight [out, in] (checkpoints go through
     * {@link #fromPretrained}, which transposes the Conv1D weights).
     */
    public static Gpt2LMHeadModel build(Gpt2Config cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(weights, options, w -> new Gpt2LMHeadModel(cfg, w));
    }

    /** Bench's generator: a tied config gets no {@code lm_head.weight}, so the head shares the table as it would. */
    private static Gpt2LMHeadModel random(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        Gpt2Config cfg = Gpt2Config.parse(json);
        return build(cfg, cfg.tieWordEmbeddings() ? weights.without(Set.of("lm_head.weight")) : weights, options);
    }

    /** GPT-2's checkpoints: either key layout, Conv1D weights [in, out], mask buffers skipped. */
    @Override
    public CheckpointLayout checkpointLayout() {
        return Gpt2CheckpointLayout.INSTANCE;
    }

    public Gpt2Config config() {
        return config;
    }

    @Override
    public String family() {
        return FAMILY.name();
    }

    /** {@code wte(ids)}, without positions: the relevance leaf. */
    @Override
    public Var embed(Tensor inputIds) {
        return wte.lookup(inputIds);
    }

    public Embedding embedding() {
        return wte;
    }

    @Override
    protected List<Gpt2Block> layers() {
        return blocks;
    }

    @Override
    protected Tensor context(long[][] attentionMask, long[][] positions, int batch, int len) {
        return CausalMask.build(backend(), attentionMask, batch, len, -1);
    }

    /** wte(ids) + wpe[positions]; the position embeddings are a constant operand of the add. */
    @Override
    protected Var layerInput(Var embeds, long[][] positions) {
        int b = positions.length;
        int t = positions[0].length;
        long[] flat = new long[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(positions[i], 0, flat, i * t, t);
        }
        Tensor ids = backend().fromLongs(flat, b, t);
        return AddOp.apply(positionAdd, embeds, wpe.embedding(ids));
    }

    @Override
    protected Var logits(Var hidden) {
        return head.forward(lnF.forward(hidden));
    }

    @Override
    public long vocabSize() {
        return config.vocabSize();
    }

    @Override
    public long maxPositions() {
        return config.maxPositions();
    }

    @Override
    protected String maxPositionsField() {
        return "n_positions";
    }

    @Override
    public FlopCount flops(int batch, int seq) {
        double h = config.hiddenSize();
        double perToken = config.numLayers() * (h * 3 * h + h * h + 2 * h * config.innerSize());
        double attention = 2.0 * config.numLayers() * config.numHeads() * (double) seq * seq * config.headDim();
        double linear = seq * perToken + h * config.vocabSize();
        return new FlopCount(2.0 * batch * (linear + attention), 2.0 * batch * (linear + 2 * attention));
    }

    @Override
    protected int attentionHeads() {
        return config.numHeads();
    }
}
