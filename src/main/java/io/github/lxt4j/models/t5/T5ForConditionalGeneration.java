package io.github.lxt4j.models.t5;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.Seq2SeqLm;
import io.github.lxt4j.models.Seq2SeqOptions;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * T5 encoder-decoder with an LM head (T5, T5 v1.1, FLAN-T5, mT5), built from lxt4j modules so a registered composite
 * reaches every op. The encoder and the decoder read their input embeddings from the shared table
 * ({@code shared.weight}); both are relevance leaves when marked with {@code requireGrad()}.
 *
 * <p>The head is {@code lm_head.weight} when the checkpoint stores it, else the shared table (tied). The decoder
 * output is scaled by {@code d_model^-0.5} before the head when {@link T5Config#scaleDecoderOutputs()}.
 * Weights live until {@link #close()}.
 */
public class T5ForConditionalGeneration extends Module implements Seq2SeqLm {

    /** The registry entry: t5 and mt5 configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "t5", T5Config.TYPES, Capability.SEQ2SEQ_LM, T5ForConditionalGeneration::fromConfig)
            .withBench(
                    T5Config::parse,
                    T5ForConditionalGeneration::generate,
                    (config, layers) -> {
                        config.put("num_layers", layers);
                        config.put("num_decoder_layers", layers);
                    },
                    T5Presets.PRESETS);

    private final T5Config config;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope weights;
    private final Embedding shared;
    private final T5Stack encoder;
    private final T5Stack decoder;
    private final Linear head;
    private final boolean headTied;
    private final Site outputScale;

    protected T5ForConditionalGeneration(T5Config config, WeightSource w) {
        super("");
        this.config = config;
        this.backend = w.backend();
        this.dtype = w.dtype();
        this.weights = w.scope();
        long v = config.vocabSize();
        long d = config.dModel();
        String sharedKey = w.has("shared.weight") ? "shared.weight" : "encoder.embed_tokens.weight";
        if (!w.has(sharedKey)) {
            throw new ModelLoadException("the checkpoint has no embedding table: expected 'shared.weight' (or"
                    + " 'encoder.embed_tokens.weight') of shape [" + v + ", " + d + "]");
        }
        StoredWeight table = w.table(sharedKey, v, d);
        shared = child(new Embedding(sharedKey.replace(".weight", ""), table, dtype));
        encoder = child(new T5Stack("encoder", config, w, false));
        decoder = child(new T5Stack("decoder", config, w, true));
        headTied = !w.has("lm_head.weight");
        head = child(new Linear("lm_head", headTied ? table : w.table("lm_head.weight", v, d), null));
        outputScale = site(OpKind.SCALE, "decoder_output_scale");
    }

    /** Loads an HF checkpoint folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static T5ForConditionalGeneration fromPretrained(Path dir) {
        return fromPretrained(dir, Backends.fromEnvironment(), DType.FLOAT32);
    }

    public static T5ForConditionalGeneration fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads the HF checkpoint folder {@code dir} ({@code config.json} and safetensors weights). */
    public static T5ForConditionalGeneration fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static T5ForConditionalGeneration fromConfig(PretrainedConfig config, LoadOptions options) {
        T5Config cfg = T5Config.parse(config.json());
        return ModelBuilder.fromCheckpoint(config.folder(), options, w -> new T5ForConditionalGeneration(cfg, w));
    }

    /** Builds the model from any weight supplier (for example random weights for benchmarks). */
    public static T5ForConditionalGeneration build(T5Config cfg, WeightSupplier weights, Backend backend, DType dtype) {
        return build(cfg, weights, LoadOptions.of(backend, dtype));
    }

    /** Builds the model from any weight supplier, with the weights stored as {@code options} say. */
    public static T5ForConditionalGeneration build(T5Config cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(weights, options, w -> new T5ForConditionalGeneration(cfg, w));
    }

    public T5Config config() {
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
        return visitor.visitSeq2Seq(this);
    }

    /** Whether the head is the shared embedding table (no {@code lm_head.weight} in the checkpoint). */
    public boolean headTied() {
        return headTied;
    }

    public T5Stack encoder() {
        return encoder;
    }

    public T5Stack decoder() {
        return decoder;
    }

    /** Embeddings of INT64 ids [B, T] from the shared table, as a constant Var; ids are checked against the table. */
    @Override
    public Var embed(Tensor ids) {
        return shared.lookup(ids);
    }

    /**
     * The encoder output [B, S, d_model].
     *
     * @param attentionMask [B][S] of 0/1 (0 = padding, never attended to), or null
     */
    @Override
    public Var encode(Var embeds, long[][] attentionMask, List<Var> layerInputs) {
        checkLength(embeds.shape()[1]);
        return encoder.forward(embeds, paddingMask(attentionMask, embeds.shape()), null, null, layerInputs);
    }

    /**
     * Decoder logits [B, T, vocab] ([B, 1, vocab] with {@link Seq2SeqOptions#lastOnly()}).
     *
     * @param encoderMask the encoder's [B][S] attention mask, or null
     */
    @Override
    public Var decode(Var decoderEmbeds, Var encoderOutput, long[][] encoderMask, Seq2SeqOptions options) {
        checkLength(decoderEmbeds.shape()[1]);
        int t = (int) decoderEmbeds.shape()[1];
        Tensor causal = causalMask(t);
        Tensor cross = paddingMask(encoderMask, encoderOutput.shape());
        Var h = decoder.forward(decoderEmbeds, causal, encoderOutput, cross, options.decoderLayerInputs());
        if (options.lastPositionOnly()) {
            h = SliceOp.apply(h, 1, t - 1, t);
        }
        if (config.scaleDecoderOutputs()) {
            h = ScaleOp.apply(outputScale, h, Math.pow(config.dModel(), -0.5));
        }
        return head.forward(h);
    }

    /** Refuses an input longer than {@link T5Config#maxPositions()}, before its attention is allocated. */
    private void checkLength(long length) {
        if (length > config.maxPositions()) {
            throw new SequenceTooLongException(length, config.maxPositions(), config.maxPositionsField());
        }
    }

    /** Encoder and decoder in one pass: logits [B, T, vocab]. */
    @Override
    public Var forward(Var encoderEmbeds, Var decoderEmbeds, long[][] encoderMask, Seq2SeqOptions options) {
        checkBatch(encoderEmbeds, decoderEmbeds);
        Var enc = encode(encoderEmbeds, encoderMask, options.encoderLayerInputs());
        return decode(decoderEmbeds, enc, encoderMask, options);
    }

    public Var forward(Var encoderEmbeds, Var decoderEmbeds) {
        return forward(encoderEmbeds, decoderEmbeds, null, Seq2SeqOptions.defaults());
    }

    private static void checkBatch(Var enc, Var dec) {
        if (enc.shape()[0] != dec.shape()[0]) {
            throw new IllegalArgumentException(
                    "encoder batch " + enc.shape()[0] + " differs from decoder batch " + dec.shape()[0]);
        }
    }

    /** BOOL [B, 1, 1, S] from a 0/1 mask, or null when there is none. */
    private Tensor paddingMask(long[][] mask, long[] shape) {
        if (mask == null) {
            return null;
        }
        int b = (int) shape[0];
        int s = (int) shape[1];
        if (mask.length != b) {
            throw new IllegalArgumentException("attention mask has " + mask.length + " rows for a batch of " + b);
        }
        double[] allowed = new double[b * s];
        for (int i = 0; i < b; i++) {
            if (mask[i].length != s) {
                throw new IllegalArgumentException(
                        "attention mask row " + i + " has " + mask[i].length + " entries for " + s + " positions");
            }
            for (int j = 0; j < s; j++) {
                allowed[i * s + j] = mask[i][j] != 0 ? 1 : 0;
            }
        }
        return backend.fromDoubles(allowed, DType.FLOAT32, b, 1, 1, s).gt(0.5);
    }

    /** BOOL [1, 1, T, T]: query i sees keys j ≤ i. */
    private Tensor causalMask(int t) {
        double[] allowed = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                allowed[i * t + j] = 1;
            }
        }
        return backend.fromDoubles(allowed, DType.FLOAT32, 1, 1, t, t).gt(0.5);
    }

    @Override
    public void close() {
        weights.close();
    }

    /** Builds T5 from a config and any weights; a tied head is the shared embedding, whatever the supplier holds. */
    private static T5ForConditionalGeneration generate(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        T5Config cfg = T5Config.parse(json);
        return build(cfg, cfg.tieWordEmbeddings() ? weights.without(Set.of("lm_head.weight")) : weights, options);
    }

    /**
     * FLOPs of {@code batch} rows of {@code source} tokens with a decoder prefix of {@code prefix} tokens, logits of
     * its last position, and of the AttnLRP relevance pass. Encoder layers: q, k, v, o and the feed-forward per
     * source token; decoder layers: self-attention q, k, v, o, cross-attention q, o and the feed-forward per prefix
     * token, cross-attention k, v per source token; the head at the last prefix position.
     */
    @Override
    public FlopCount flops(int batch, int source, int prefix) {
        T5Config c = config;
        double d = c.dModel();
        double inner = c.innerDim();
        double ff = (c.gated() ? 3 : 2) * d * c.dFf();
        double s = source;
        double t = prefix;
        double linear = c.numLayers() * s * (4 * d * inner + ff)
                + c.numDecoderLayers() * (t * (6 * d * inner + ff) + s * 2 * d * inner)
                + d * c.vocabSize();
        double attention = c.numLayers() * 2 * s * s * inner + c.numDecoderLayers() * 2 * (t * t + t * s) * inner;
        return new FlopCount(2.0 * batch * (linear + attention), 2.0 * batch * (linear + 2 * attention));
    }

    @Override
    public long vocabSize() {
        return config.vocabSize();
    }

    @Override
    public long decoderStartTokenId() {
        return config.decoderStartTokenId();
    }

    @Override
    public long eosTokenId() {
        return config.eosTokenId();
    }

    /** The checkpoint's {@code n_positions}, 512 when the config has none ({@link T5Config#maxPositions()}). */
    @Override
    public long maxSourceLength() {
        return config.maxPositions();
    }

    @Override
    public int encoderLayers() {
        return config.numLayers();
    }

    @Override
    public int decoderLayers() {
        return config.numDecoderLayers();
    }
}
