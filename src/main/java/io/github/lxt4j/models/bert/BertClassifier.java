package io.github.lxt4j.models.bert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.ClassLabels;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.models.TextEmbeddings;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-like encoder with a classification head: the {@link TextClassifier} of the {@code bert}, {@code roberta}
 * ({@code roberta}, {@code xlm-roberta}) and {@code distilbert} families. {@link BertForSequenceClassification} and
 * {@link BertForTokenClassification} are its two tasks; the variant ({@link BertVariant}) decides the key layout, the
 * position ids and the sequence head. Built from lxt4j modules only, so composites reach every op; weights live
 * until {@link #close()}.
 */
public abstract sealed class BertClassifier extends Module implements TextClassifier
        permits BertForSequenceClassification, BertForTokenClassification {

    /** The registry entry of {@code bert} configs. */
    public static final ModelFamily BERT = family(BertVariant.BERT, Set.of("bert"), BertPresets.BERT);
    /** The registry entry of {@code roberta} and {@code xlm-roberta} configs. */
    public static final ModelFamily ROBERTA =
            family(BertVariant.ROBERTA, Set.of("roberta", "xlm-roberta"), BertPresets.ROBERTA);
    /** The registry entry of {@code distilbert} configs. */
    public static final ModelFamily DISTILBERT =
            family(BertVariant.DISTILBERT, Set.of("distilbert"), BertPresets.DISTILBERT);

    private final BertConfig config;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope weights;
    private final BertModel encoder;
    private final ClassificationHead head;

    BertClassifier(BertConfig config, WeightSource w) {
        super("");
        this.config = config;
        this.backend = w.backend();
        this.dtype = w.dtype();
        this.weights = w.scope();
        BertWeights bw = new BertWeights(w, config);
        boolean pooler = config.variant() == BertVariant.BERT && config.task() == Task.SEQUENCE;
        encoder = child(new BertModel(bw, pooler));
        if (!pooler) {
            // RoBERTa and token-classification checkpoints made from a pretrained encoder may keep its pooler
            w.has(bw.base("pooler.dense.weight"));
            w.has(bw.base("pooler.dense.bias"));
        }
        head = child(ClassificationHead.of(bw, encoder));
    }

    private static ModelFamily family(BertVariant v, Set<String> types, Map<String, String> presets) {
        return ModelFamily.of(v.family(), types, Capability.TEXT_CLASSIFIER, BertClassifier::fromConfig)
                .withBench(BertClassifier::check, BertClassifier::generate, BertClassifier::setDepth, presets);
    }

    /** Loads a BERT, RoBERTa, XLM-R or DistilBERT classifier folder ({@code config.json} + safetensors). */
    public static BertClassifier fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static BertClassifier fromConfig(PretrainedConfig config, LoadOptions options) {
        BertConfig cfg = parse(config.json());
        return ModelBuilder.fromCheckpoint(config.folder(), options, w -> create(cfg, w));
    }

    /** Builds a classifier from any weight supplier (for example random weights for benchmarks). */
    public static BertClassifier build(BertConfig cfg, WeightSupplier weights, LoadOptions options) {
        requireHead(cfg);
        return ModelBuilder.build(weights, options, w -> create(cfg, w));
    }

    private static BertClassifier generate(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        return build(parse(json), weights, options);
    }

    private static void check(JsonConfig json) {
        parse(json);
    }

    private static void setDepth(ObjectNode config, int layers) {
        config.put(config.has("n_layers") ? "n_layers" : "num_hidden_layers", layers);
    }

    private static BertConfig parse(JsonConfig json) {
        BertConfig cfg = BertConfig.parse(json);
        requireHead(cfg);
        return cfg;
    }

    private static void requireHead(BertConfig cfg) {
        if (cfg.task() == null) {
            throw new UnsupportedModelException(cfg.source().source() + ": architectures [\"" + cfg.architecture()
                    + "\"] is a bare encoder without a classification head; lxt4j explains sequence and token"
                    + " classifiers (load the encoder alone with BertModel.fromPretrained)");
        }
    }

    private static BertClassifier create(BertConfig cfg, WeightSource w) {
        return cfg.task() == Task.TOKEN
                ? new BertForTokenClassification(cfg, w)
                : new BertForSequenceClassification(cfg, w);
    }

    public BertConfig config() {
        return config;
    }

    /** The encoder under the head. */
    public BertModel encoder() {
        return encoder;
    }

    @Override
    public String family() {
        return config.variant().family();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public String configSource() {
        return config.source().source();
    }

    @Override
    public JsonConfig configJson() {
        return config.source();
    }

    @Override
    public Task task() {
        return config.task();
    }

    @Override
    public ClassLabels labels() {
        return config.labels();
    }

    @Override
    public TextEmbeddings embed(Tensor inputIds, Tensor tokenTypeIds) {
        return encoder.embed(inputIds, tokenTypeIds);
    }

    @Override
    public Var forward(TextEmbeddings embeds, long[][] attentionMask, EncoderOptions options) {
        return head.forward(encoder.forward(embeds, attentionMask, options));
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
    public int typeVocabSize() {
        return config.typeVocabSize();
    }

    @Override
    public int numLayers() {
        return encoder.numLayers();
    }

    @Override
    public long padTokenId() {
        return config.padTokenId();
    }

    @Override
    public <R> R accept(ModelVisitor<R> visitor) {
        return visitor.visitTextClassifier(this);
    }

    /**
     * Linear multiply-adds per token (q, k, v, o and the two feed-forward linears, every layer) plus the head's, and
     * attention's q·kᵀ and A·v; the AttnLRP pass costs the linears once and each attention matmul twice (relevance
     * to both operands), as {@code LlamaForCausalLM.flops} counts.
     */
    @Override
    public FlopCount flops(int batch, int seq) {
        double h = config.hiddenSize();
        double labels = config.labels().size();
        double perToken = config.numLayers() * (4 * h * h + 2 * h * config.intermediateSize());
        double headCost = config.task() == Task.TOKEN ? seq * h * labels : h * h + h * labels;
        double linear = seq * perToken + headCost;
        double attention = 2.0 * config.numLayers() * (double) seq * seq * h;
        return new FlopCount(2.0 * batch * (linear + attention), 2.0 * batch * (linear + 2 * attention));
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + config.modelType() + ", " + config.numLayers() + "x"
                + config.hiddenSize() + ", " + config.labels().size() + " labels, " + backend.name() + " " + dtype
                + ")";
    }
}
