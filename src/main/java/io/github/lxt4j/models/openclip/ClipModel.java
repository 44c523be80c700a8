package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.NormalizeOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImagePreprocessor;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.models.DualEncoderInputException;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * CLIP (OpenCLIP ViT image tower + causal text tower), loaded from an OpenCLIP folder or an HF {@code CLIPModel}
 * folder into one model whose op sites carry OpenCLIP's names (see docs/models-openclip.md). The similarity
 * {@code normalize(image_features) · normalize(text_features)ᵀ} (no logit scale) is a matmul at site
 * {@code similarity}; the normalisations are sites {@code visual.normalize} and {@code text.normalize}.
 *
 * Forward only: explain it with {@code ClipExplainer}. Weights live until {@link #close()}.
 */
public final class ClipModel extends Module implements DualEncoder {

    /** The registry entry: HF {@code clip} configs and OpenCLIP folders. */
    public static final ModelFamily FAMILY = ModelFamily.of(
                    "clip",
                    Set.of("clip", PretrainedConfig.OPEN_CLIP_TYPE),
                    Capability.DUAL_ENCODER,
                    ClipModel::fromConfig)
            .withBench(
                    ClipConfig::parseAny,
                    (json, weights, options) ->
                            build(ClipConfig.parseAny(json), weights, options.backend(), options.dtype()),
                    ClipConfig::setDepth,
                    ClipPresets.PRESETS);

    private final ClipConfig config;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope weights;
    private final VisionTower visual;
    private final TextTower text;
    private final Site imageNormalize;
    private final Site textNormalize;
    private final Site similarity;

    private ClipModel(ClipConfig config, WeightSource w) {
        super("");
        this.config = config;
        this.backend = w.backend();
        this.dtype = w.dtype();
        this.weights = w.scope();
        ClipWeights cw = ClipWeights.of(w, config);
        // the explained similarity is the plain cosine, without the learned temperature: known, deliberately unused
        w.has("logit_scale");
        visual = child(new VisionTower(config.vision(), cw));
        text = child(new TextTower(config.text(), cw));
        imageNormalize = site(OpKind.NORMALIZE, "visual.normalize");
        textNormalize = site(OpKind.NORMALIZE, "text.normalize");
        similarity = site(OpKind.MATMUL, SIMILARITY);
    }

    /** Loads a folder in float32 on the backend chosen by the environment (default DJL, CPU). */
    public static ClipModel fromPretrained(Path dir) {
        return fromPretrained(dir, Backends.fromEnvironment(), DType.FLOAT32);
    }

    /**
     * Loads an OpenCLIP folder ({@code open_clip_config.json} + {@code open_clip_model.safetensors}) or an HF
     * {@code CLIPModel} folder ({@code config.json} + {@code model.safetensors}, sharded or not). Where a folder has
     * both, the OpenCLIP pair wins.
     */
    public static ClipModel fromPretrained(Path dir, Backend backend, DType dtype) {
        return fromPretrained(dir, LoadOptions.of(backend, dtype));
    }

    /** Loads an OpenCLIP or HF {@code CLIPModel} folder, as {@link #fromPretrained(Path, Backend, DType)}. */
    public static ClipModel fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.read(dir), options);
    }

    /** Loads the folder whose config has already been read (the registry's loader). */
    public static ClipModel fromConfig(PretrainedConfig config, LoadOptions options) {
        ClipConfig cfg = ClipConfig.parse(config);
        Path dir = config.folder();
        if (options.weights() != WeightFormat.F32) {
            throw new ModelLoadException("CLIP (" + config.source() + ") is loaded with dense weights only: --weights "
                    + options.weights() + " is not supported for CLIP, whose attention slices its fused in_proj"
                    + " weight and whose projections are plain matrices; use --weights f32 (the default)");
        }
        Path weightsPath = dir;
        if (config.isOpenClip()) {
            weightsPath = dir.resolve("open_clip_model.safetensors");
            if (!Files.isRegularFile(weightsPath)) {
                throw new ModelLoadException("OpenCLIP folder " + dir + " has no open_clip_model.safetensors"
                        + (Files.exists(dir.resolve("open_clip_pytorch_model.bin"))
                                ? " (only open_clip_pytorch_model.bin, a pickle, which lxt4j does not read: convert"
                                        + " it to"
                                        + " safetensors)"
                                : ""));
            }
        }
        return ModelBuilder.fromCheckpoint(weightsPath, options.backend(), options.dtype(), w -> new ClipModel(cfg, w));
    }

    /** Builds the model from any weight supplier (for example random weights for benchmarks). */
    public static ClipModel build(ClipConfig cfg, WeightSupplier weights, Backend backend, DType dtype) {
        return ModelBuilder.build(weights, backend, dtype, w -> new ClipModel(cfg, w));
    }

    public ClipConfig config() {
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
        return config.source();
    }

    @Override
    public <R> R accept(ModelVisitor<R> visitor) {
        return visitor.visitDualEncoder(this);
    }

    /** The model's image preprocessing (size, mean and std from its config). */
    @Override
    public ImagePreprocessor preprocessor() {
        return new ImagePreprocessor(config.vision().imageSize(), config.mean(), config.std());
    }

    /** Image files → pixels [N, 3, S, S] in the model's dtype, in the current scope. */
    @Override
    public Tensor preprocess(Path... images) {
        return pixels(preprocessor().process(images));
    }

    /** An already normalised image array [N, 3, S, S] → a tensor in the model's dtype; checks the shape. */
    @Override
    public Tensor pixels(TensorData image) {
        visual.checkInput(image.shape());
        if (!image.dtype().isFloating()) {
            throw new DualEncoderInputException(
                    "image array has dtype " + image.dtype() + ": expected a floating type");
        }
        return backend.fromBytes(image.littleEndianBytes(), image.dtype(), dtype, image.shape());
    }

    /** INT64 token ids [M, L] → a tensor; checks the shape, the context length and the vocabulary. */
    @Override
    public Tensor ids(long[][] rows) {
        if (rows.length == 0) {
            throw new DualEncoderInputException("no text rows");
        }
        int len = rows[0].length;
        long[] flat = new long[rows.length * len];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != len) {
                throw new DualEncoderInputException("text row " + r + " has " + rows[r].length + " ids, row 0 has "
                        + len + ": pad all rows to one length");
            }
            System.arraycopy(rows[r], 0, flat, r * len, len);
        }
        Tensor t = backend.fromLongs(flat, rows.length, len);
        text.checkIds(t);
        return t;
    }

    /** Token embeddings [M, L, W] of ids [M, L], as a constant Var; call {@code requireGrad()} to collect relevance. */
    @Override
    public Var embedText(Tensor ids) {
        return text.embed(ids);
    }

    /** pixels [N, 3, S, S] → image features [N, embed_dim], before normalisation. */
    @Override
    public Var encodeImage(Var pixels) {
        return visual.forward(pixels);
    }

    /** token embeddings [M, L, W] and their ids [M, L] → text features [M, embed_dim], before normalisation. */
    @Override
    public Var encodeText(Var tokenEmbeddings, Tensor ids) {
        return text.forward(tokenEmbeddings, ids);
    }

    /** {@code normalize(image) · normalize(text)ᵀ}: [N, M] cosine similarities. */
    @Override
    public Var similarity(Var imageFeatures, Var textFeatures) {
        Var img = NormalizeOp.apply(imageNormalize, imageFeatures, -1);
        Var txt = NormalizeOp.apply(textNormalize, textFeatures, -1);
        return MatMulOp.apply(similarity, img, PermuteOp.transpose(txt, 0, 1));
    }

    /** The whole model: pixels [N, 3, S, S], token embeddings [M, L, W] and ids [M, L] → similarity [N, M]. */
    @Override
    public Var forward(Var pixels, Var tokenEmbeddings, Tensor ids) {
        return similarity(encodeImage(pixels), encodeText(tokenEmbeddings, ids));
    }

    /** Checks pixels [N, 3, S, S] and ids [M, L] (shape, context length, vocabulary) before a forward pass. */
    @Override
    public void checkInputs(Tensor pixels, Tensor ids) {
        visual.checkInput(pixels.shape());
        text.checkIds(ids);
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return "ClipModel(" + config.format() + ", vision " + config.vision().layers() + "x"
                + config.vision().width()
                + ", text " + config.text().layers() + "x" + config.text().width() + ", embed " + config.embedDim()
                + ", " + backend.name() + " " + dtype + ")";
    }

    /** Multiply-adds of one image: patch conv, blocks, the projection of the class token. */
    private static double imageMultiplyAdds(ClipVisionConfig v, long embedDim) {
        double w = v.width();
        double patches = (double) v.grid() * v.grid();
        double tokens = v.tokens();
        return patches * 3 * v.patchSize() * v.patchSize() * w
                + v.layers() * (tokens * (4 * w * w + 2 * w * v.mlpWidth()) + 2 * tokens * tokens * w)
                + w * embedDim;
    }

    /** Multiply-adds of one text of the full context length: blocks, the projection of the pooled token. */
    private static double textMultiplyAdds(ClipTextConfig t, long embedDim) {
        double w = t.width();
        double len = t.contextLength();
        return t.layers() * (len * (4 * w * w + 2 * w * t.mlpWidth()) + 2 * len * len * w) + w * embedDim;
    }

    /**
     * FLOPs of both towers and the {@code images × texts} similarity, and of the CP-LRP relevance pass (under CP-LRP
     * the softmax stops relevance: q·kᵀ needs none and attention·v two, as many as both matmuls of the forward; the
     * similarity product passes relevance to both operands).
     */
    @Override
    public FlopCount flops(int images, int texts) {
        ClipConfig c = config;
        double towers =
                images * imageMultiplyAdds(c.vision(), c.embedDim()) + texts * textMultiplyAdds(c.text(), c.embedDim());
        double sim = (double) images * texts * c.embedDim();
        return new FlopCount(2.0 * (towers + sim), 2.0 * (towers + 2 * sim));
    }

    @Override
    public int imageSize() {
        return config.vision().imageSize();
    }

    @Override
    public int imageTokens() {
        return config.vision().tokens();
    }

    @Override
    public int textContextLength() {
        return config.text().contextLength();
    }

    @Override
    public long textVocabSize() {
        return config.text().vocabSize();
    }

    @Override
    public int visionLayers() {
        return config.vision().layers();
    }

    @Override
    public int textLayers() {
        return config.text().layers();
    }
}
