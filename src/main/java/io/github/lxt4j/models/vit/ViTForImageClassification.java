package io.github.lxt4j.models.vit;

import io.github.lxt4j.autograd.Checkpoint;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImageProcessor;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.ClassLabels;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * HF {@code ViTForImageClassification}: patch embeddings, class token and learned positions, pre-LN layers, the final
 * LayerNorm {@code vit.layernorm} and the {@code classifier} on the class token. Images are preprocessed as the
 * folder's {@code preprocessor_config.json} says ({@link ImageProcessor}). Built from lxt4j modules only, so
 * composites reach every op; weights live until {@link #close()}.
 */
public final class ViTForImageClassification extends Module implements ImageClassifier {

    /** The registry entry: {@code vit} configs. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "vit", Set.of("vit"), Capability.IMAGE_CLASSIFIER, ViTForImageClassification::fromConfig)
            .withBench(ViTConfig::parse, ViTForImageClassification::generate, "num_hidden_layers", ViTPresets.PRESETS);

    private final ViTConfig config;
    private final ImageProcessor processor;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope weights;
    private final ViTEmbeddings embeddings;
    private final List<ViTLayer> layers = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear classifier;

    private ViTForImageClassification(ViTConfig config, ImageProcessor processor, WeightSource w) {
        super("");
        this.config = config;
        this.processor = processor;
        this.backend = w.backend();
        this.dtype = w.dtype();
        this.weights = w.scope();
        embeddings = child(new ViTEmbeddings(config, w));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child(new ViTLayer(config, w, i)));
        }
        norm = child(ViTLayer.norm(w, "vit", "layernorm", config));
        // ViTModel's pooler (dense + tanh) is not part of the classifier, which reads the class token
        w.has("vit.pooler.dense.weight");
        w.has("vit.pooler.dense.bias");
        // the head is kept dense, as lm_head is (a few rows, often not a multiple of a quantization block)
        classifier = child(new Linear(
                "classifier",
                w.table("classifier.weight", config.labels().size(), config.hiddenSize()),
                w.get("classifier.bias", config.labels().size())));
    }

    /** Loads an HF ViT classifier folder: config.json, safetensors, optionally {@code preprocessor_config.json}. */
    public static ViTForImageClassification fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.configJson(dir), options);
    }

    /** Loads the checkpoint whose {@code config.json} has already been read (the registry's loader). */
    public static ViTForImageClassification fromConfig(PretrainedConfig config, LoadOptions options) {
        ViTConfig cfg = ViTConfig.parse(config.json());
        ImageProcessor processor = ImageProcessor.read(config.folder(), cfg.imageSize());
        if (processor.height() != cfg.imageSize() || processor.width() != cfg.imageSize()) {
            throw new ConfigException(config.folder().resolve(ImageProcessor.FILE) + ": the processor makes "
                    + processor.width() + "x" + processor.height() + " images, the model's image_size is "
                    + cfg.imageSize());
        }
        return ModelBuilder.fromCheckpoint(
                config.folder(), options, w -> new ViTForImageClassification(cfg, processor, w));
    }

    /** Builds the model from any weight supplier (random weights for benchmarks), with HF's default processor. */
    public static ViTForImageClassification build(ViTConfig cfg, WeightSupplier weights, LoadOptions options) {
        return ModelBuilder.build(
                weights,
                options,
                w -> new ViTForImageClassification(cfg, ImageProcessor.vitDefaults(cfg.imageSize()), w));
    }

    private static ViTForImageClassification generate(JsonConfig json, WeightSupplier weights, LoadOptions options) {
        return build(ViTConfig.parse(json), weights, options);
    }

    public ViTConfig config() {
        return config;
    }

    @Override
    public String family() {
        return FAMILY.name();
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
    public <R> R accept(ModelVisitor<R> visitor) {
        return visitor.visitImageClassifier(this);
    }

    @Override
    public ClassLabels labels() {
        return config.labels();
    }

    @Override
    public ImageProcessor preprocessor() {
        return processor;
    }

    @Override
    public Tensor preprocess(Path... images) {
        return pixels(processor.process(images));
    }

    @Override
    public Tensor pixels(TensorData image) {
        checkShape(image.shape());
        if (!image.dtype().isFloating()) {
            throw new IllegalArgumentException(
                    "pixel_values has dtype " + image.dtype() + ": expected a floating" + " type");
        }
        return backend.fromBytes(image.littleEndianBytes(), image.dtype(), dtype, image.shape());
    }

    /** Checks that {@code shape} is [N, C, S, S] with the config's channels and image size. */
    private void checkShape(long[] shape) {
        int s = config.imageSize();
        if (shape.length != 4 || shape[0] < 1 || shape[1] != config.numChannels() || shape[2] != s || shape[3] != s) {
            throw new IllegalArgumentException("pixel_values has shape " + Arrays.toString(shape) + ": expected [N, "
                    + config.numChannels() + ", " + s + ", " + s + "] with N >= 1 (the model's image_size is " + s
                    + "; preprocess images with preprocess(...))");
        }
    }

    @Override
    public Var forward(Var pixels, EncoderOptions options) {
        checkShape(pixels.shape());
        Var x = embeddings.forward(pixels);
        for (ViTLayer layer : layers) {
            if (options.layerInputs() != null) {
                options.layerInputs().add(x.retainGrad());
            }
            if (options.checkpointLayers() || !Tape.isRecording()) { // no tape: each layer frees its intermediates
                x = Checkpoint.run1(layer::forward, x);
            } else {
                x = layer.forward(x);
            }
        }
        // LayerNorm acts per token, so normalising the class token alone is HF's layernorm-then-select
        return classifier.forward(norm.forward(SliceOp.select(x, 1, 0)));
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    @Override
    public int patchSize() {
        return config.patchSize();
    }

    @Override
    public int numLayers() {
        return layers.size();
    }

    /**
     * Multiply-adds of one image: the patch conv, per layer the four attention projections, the MLP and both
     * attention matmuls, and the head; the CP-LRP pass costs as much (the softmax stops relevance, so q·kᵀ needs
     * none and attention·v two).
     */
    @Override
    public FlopCount flops(int images) {
        double d = config.hiddenSize();
        double tokens = config.tokens();
        double patches = tokens - 1;
        double perImage = patches * config.numChannels() * config.patchSize() * config.patchSize() * d
                + config.numLayers()
                        * (tokens * (4 * d * d + 2 * d * config.intermediateSize()) + 2 * tokens * tokens * d)
                + d * config.labels().size();
        double f = 2.0 * images * perImage;
        return new FlopCount(f, f);
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return "ViTForImageClassification(" + config.numLayers() + "x" + config.hiddenSize() + ", "
                + config.imageSize() + "/" + config.patchSize() + ", "
                + config.labels().size() + " labels, "
                + backend.name() + " " + dtype + ")";
    }
}
