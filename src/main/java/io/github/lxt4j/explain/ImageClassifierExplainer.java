package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains image classifiers (every {@link ImageClassifier}: ViT) on the {@link AttributionEngine}: the pixels are the
 * relevance leaf, the encoder layers' inputs (class token first) the latent relevance, the target one class per image
 * ({@link Target#argmax()}, {@link Target#token(long)} for a class index, {@link Target#contrastive},
 * {@link Target#probability}, per row with {@link Target#perRow} or {@link Target#eachRow}).
 *
 * <p>{@link Method#CP_LRP} is LXT's recipe for vision transformers (the reference's); {@link Method#CP_LRP_GAMMA} adds
 * zennit's Gamma rule to the patch convolution (γ_conv, site {@code *.patch_embeddings.projection}) and to the MLP
 * linears (γ_linear, sites {@code *.mlp.fc1}, {@code *.mlp.fc2}), as LXT's ViT example does.
 */
public final class ImageClassifierExplainer implements BatchExplainable {

    static final String PIXELS = "pixels";
    static final String LAYERS = "layer";

    private final ImageClassifier model;
    private final TargetSelector targets;
    private boolean checkpointLayers;

    public ImageClassifierExplainer(ImageClassifier model) {
        this.model = model;
        this.targets = new TargetSelector(model.labels().size());
    }

    public ImageClassifier model() {
        return model;
    }

    /** Per-layer activation checkpointing: relevance is identical, peak memory lower, the forward runs twice. */
    public ImageClassifierExplainer checkpointLayers(boolean on) {
        this.checkpointLayers = on;
        return this;
    }

    /** The rules of {@code method}; the gammas are used by {@link Method#CP_LRP_GAMMA} only. */
    public static Composite composite(Method method, double convGamma, double linearGamma) {
        if (method != Method.CP_LRP_GAMMA) {
            return method.composite();
        }
        checkGamma(convGamma, "conv");
        checkGamma(linearGamma, "linear");
        Rules.Gamma lin = new Rules.Gamma(linearGamma, ClipComposites.GAMMA_STABILIZER);
        return Composites.cpLrp()
                .toBuilderName("vit-cp-lrp-gamma(conv=" + convGamma + ", linear=" + linearGamma + ")")
                .path("*.patch_embeddings.projection", new Rules.Gamma(convGamma, ClipComposites.GAMMA_STABILIZER))
                .path("*.mlp.fc1", lin)
                .path("*.mlp.fc2", lin)
                .build();
    }

    private static void checkGamma(double g, String what) {
        if (!(g >= 0) || Double.isInfinite(g)) {
            throw new InvalidInputException(what + " gamma must be finite and >= 0, got " + g);
        }
    }

    /** The index of the class named {@code name} (or a class index written as a number). */
    public long label(String name) {
        int i = model.labels().indexOf(name.trim());
        if (i >= 0) {
            return i;
        }
        try {
            long id = Long.parseLong(name.trim());
            if (id >= 0 && id < model.labels().size()) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new InvalidInputException(
                "no label '" + name + "' among the model's " + model.labels().size() + " classes");
    }

    /** The logits [N][labels] of image files (one forward, no relevance pass). */
    public double[][] logits(List<Path> images) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor px = model.preprocess(images.toArray(Path[]::new));
            double[] flat = model.forward(Var.constant(px), EncoderOptions.defaults())
                    .value()
                    .toDoubleArray();
            int labels = model.labels().size();
            double[][] out = new double[images.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * labels, (i + 1) * labels);
            }
            return out;
        }
    }

    /** Explains image files (preprocessed as the model's processor says). */
    public List<ImageClassifierExplanation> explain(
            List<Path> images, Target target, Method method, BatchOptions options) {
        try (TensorScope scope = TensorScope.open()) {
            return explain(model.preprocess(images.toArray(Path[]::new)), target, method, options);
        }
    }

    /**
     * Explains every image of pixels [N, C, S, S] (normalised). {@code options} gives the gammas of
     * {@link Method#CP_LRP_GAMMA} and whether to collect the layers' relevance.
     */
    public List<ImageClassifierExplanation> explain(Tensor pixels, Target target, Method method, BatchOptions options) {
        InputValidator.shape("pixel_values", pixels.shape(), 4);
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = run(pixels, target, method, options);
            List<ImageClassifierExplanation> out = new ArrayList<>();
            for (int b = 0; b < pixels.shape()[0]; b++) {
                out.add(explanation(a, b, method));
            }
            return out;
        }
    }

    private Attribution run(Tensor pixels, Target target, Method method, BatchOptions options) {
        ClassTargets.check(target, model.labels());
        Var image = Var.leaf(pixels.dtype() == model.dtype() ? pixels : pixels.toDType(model.dtype()));
        boolean layers = options.layers();
        return AttributionEngine.of(method)
                .composite(composite(method, options.convGamma(), options.linearGamma()))
                .leaf(PIXELS, image)
                .latent(layers)
                .checkpointing(checkpointLayers)
                .run(
                        pass -> {
                            EncoderOptions opts = EncoderOptions.defaults().withCheckpointing(pass.checkpointing());
                            if (layers) {
                                opts = opts.collectLayerInputs(pass.latentSink(LAYERS));
                            }
                            return model.forward(pass.leaf(PIXELS), opts);
                        },
                        logits -> targets.objective(logits, target));
    }

    private ImageClassifierExplanation explanation(Attribution a, int b, Method m) {
        Tensor px = a.relevance(PIXELS).slice(0, b, b + 1);
        long[] s = px.shape();
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        double[] flat = px.toDoubleArray();
        double[][][] pixels = new double[c][h][w];
        double[][] map = new double[h][w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    pixels[ch][y][x] = flat[(ch * h + y) * w + x];
                    map[y][x] += pixels[ch][y][x];
                }
            }
        }
        double[][] lay = null;
        List<Tensor> layers = a.latent(LAYERS);
        if (!layers.isEmpty()) {
            lay = new double[layers.size()][];
            for (int i = 0; i < lay.length; i++) {
                lay[i] = RelevanceArrays.sumRows(RelevanceArrays.rows(layers.get(i), b));
            }
        }
        double[] logits =
                a.output().slice(0, b, b + 1).reshape(model.labels().size()).toDoubleArray();
        return new ImageClassifierExplanation(
                b,
                pixels,
                map,
                lay,
                a.targetIds()[b],
                a.targetValues()[b],
                logits,
                model.labels().probabilities(logits),
                model.labels().names(),
                m);
    }

    /**
     * The batch interface: input {@code pixel_values} [N, C, S, S] (normalised); outputs {@code METHOD.pixels}
     * [N, C, S, S], {@code METHOD.map} [N, S, S] (summed over channels), {@code METHOD.layer.i} [N, 1 + patches, D]
     * with {@code options.layers()}, and {@code logits} [N, labels], as the vit-tiny-cls fixture holds them.
     * {@code options.target()} is one class index per image (default: the argmax).
     */
    @Override
    public Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options) {
        TensorData px = inputs.get("pixel_values");
        if (px == null) {
            throw new InvalidInputException(
                    "image classifier batch inputs need 'pixel_values' [N, C, S, S]; got keys " + inputs.keySet());
        }
        InputValidator.shape("pixel_values", px.shape(), 4);
        long[] classes = options.target();
        if (classes != null && classes.length != px.shape()[0]) {
            throw new InvalidInputException("a per-row target needs one class per image: got " + classes.length
                    + " for " + px.shape()[0] + " images");
        }
        boolean f64 = model.dtype() == DType.FLOAT64;
        String p = method.keyPrefix();
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (TensorScope scope = TensorScope.open()) {
            Target target = classes != null ? Target.perRow(classes) : Target.argmax();
            Attribution a = run(model.pixels(px), target, method, options);
            Tensor rel = a.relevance(PIXELS);
            out.put(p + ".pixels", BatchArrays.data(rel, f64));
            out.put(p + ".map", BatchArrays.data(rel.sum(1, false), f64));
            List<Tensor> lay = a.latent(LAYERS);
            for (int i = 0; i < lay.size(); i++) {
                out.put(p + ".layer." + i, BatchArrays.data(lay.get(i), f64));
            }
            out.put("logits", BatchArrays.data(a.output(), f64));
        }
        return out;
    }

    @Override
    public <R> R accept(ExplainerVisitor<R> visitor) {
        return visitor.visitImageClassifier(this);
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "ImageClassifierExplainer(" + model + ")";
    }
}
