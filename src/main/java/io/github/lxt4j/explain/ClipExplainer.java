package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.models.DualEncoderInputException;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Arrays;
import java.util.Map;

/**
 * Explains CLIP similarities on the {@link AttributionEngine}: the pixels and the text token embeddings are the
 * relevance leaves, the target one entry of the similarity matrix.
 *
 * <pre>{@code
 * try (ClipExplainer clip = new ClipExplainer(DualEncoder.fromPretrained(dir));
 *      TensorScope scope = TensorScope.open()) {
 *     ClipExplanation e = clip.explain(clip.model().preprocess(image), ids, Method.CP_LRP_GAMMA,
 *             BatchOptions.defaults().withTarget(new long[] {0, 1}));
 *     double[][] heatmap = e.imageMap(0);
 * }
 * }</pre>
 */
public final class ClipExplainer implements BatchExplainable {

    private static final String PIXELS = "pixels";
    private static final String TEXT = "text";

    private final DualEncoder model;
    private final HfTokenizer tokenizer;

    public ClipExplainer(DualEncoder model) {
        this(model, null);
    }

    /** @param tokenizer the captions' tokenizer, or null when captions come as ids */
    public ClipExplainer(DualEncoder model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public DualEncoder model() {
        return model;
    }

    /** The tokenizer for captions, or null when this explainer has none. */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Explains {@code similarity[i, j]}, with (i, j) = {@code options.target()}; without a target, image 0 and the
     * text it is most similar to. LRP methods seed the relevance pass with the similarity's value, gradient × input
     * with 1 (then multiplies the gradient by the input). {@link Method#CP_LRP_GAMMA} takes its gammas from
     * {@code options}.
     *
     * @param pixels [N, 3, S, S], normalised
     * @param ids INT64 [M, L]
     */
    public ClipExplanation explain(Tensor pixels, Tensor ids, Method method, BatchOptions options) {
        return explain(
                pixels,
                ids,
                method,
                ClipComposites.forMethod(method, options.convGamma(), options.linearGamma()),
                options.target());
    }

    /**
     * Explains {@code similarity[target[0], target[1]]} (null target: image 0 and its most similar text) under any
     * composite; {@code method} decides the seed (LRP: the value; gradient × input: 1, times the input afterwards)
     * and names the output keys.
     */
    public ClipExplanation explain(Tensor pixels, Tensor ids, Method method, Composite composite, long[] target) {
        model.checkInputs(pixels, ids);
        InputValidator.shape("image", pixels.shape(), 4);
        InputValidator.shape("text", ids.shape(), 2);
        try (TensorScope scope = TensorScope.open()) {
            Var image = Var.leaf(pixels.dtype() == model.dtype() ? pixels : pixels.toDType(model.dtype()));
            Var embeds = model.embedText(ids);
            Attribution a = AttributionEngine.of(method)
                    .composite(composite)
                    .leaf(PIXELS, image)
                    .leaf(TEXT, embeds)
                    .run(pass -> model.forward(pass.leaf(PIXELS), pass.leaf(TEXT), ids), sim -> select(sim, target));
            Tensor sim = a.output();
            return new ClipExplanation(
                    method,
                    (int) a.targetIds()[0][0],
                    (int) a.targetIds()[0][1],
                    sim.toDoubleArray(),
                    sim.shape(),
                    a.relevance(PIXELS).toDoubleArray(),
                    image.shape(),
                    a.relevance(TEXT).toDoubleArray(),
                    embeds.shape());
        }
    }

    /** The one entry (image row, text row) of similarity [N, M] to seed. */
    private Objective select(Var sim, long[] target) {
        long[] shape = sim.shape();
        double[] s = sim.value().toDoubleArray();
        int[] ij = target(target, s, shape);
        int k = (int) (ij[0] * shape[1] + ij[1]);
        double[] mask = new double[s.length];
        mask[k] = 1.0;
        return new Objective(
                sim,
                model.backend().fromDoubles(mask, sim.value().dtype(), shape),
                new long[][] {{ij[0], ij[1]}},
                new double[] {s[k]});
    }

    private static int[] target(long[] target, double[] s, long[] shape) {
        if (target == null) {
            int best = 0;
            for (int j = 1; j < shape[1]; j++) {
                if (s[j] > s[best]) {
                    best = j;
                }
            }
            return new int[] {0, best};
        }
        if (target.length != 2 || target[0] < 0 || target[0] >= shape[0] || target[1] < 0 || target[1] >= shape[1]) {
            throw new DualEncoderInputException("target " + Arrays.toString(target)
                    + " is not a pair (image row, text row) inside the similarity matrix of shape "
                    + Arrays.toString(shape));
        }
        return new int[] {(int) target[0], (int) target[1]};
    }

    /**
     * The batch interface: inputs {@code image} [N, 3, S, S] (normalised, floating) and {@code text} [M, L] (ids);
     * outputs {@code METHOD.image}, {@code METHOD.image.map}, {@code METHOD.text.embeddings},
     * {@code METHOD.text.tokens} and {@code similarity}, in the model's dtype. {@code options.target()} is the pair
     * (image row, text row); by default image 0 and its most similar text.
     */
    @Override
    public Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options) {
        TensorData image = inputs.get("image");
        TensorData ids = inputs.get("text");
        if (image == null || ids == null) {
            throw new DualEncoderInputException(
                    "CLIP batch inputs need 'image' [N, 3, S, S] and 'text' [M, L];" + " got keys " + inputs.keySet());
        }
        if (ids.shape().length != 2) {
            throw new DualEncoderInputException(
                    "batch input 'text' has shape " + Arrays.toString(ids.shape()) + ": expected [M, L] token ids");
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor idt = model.backend().fromLongs(ids.toLongs(), ids.shape());
            return explain(model.pixels(image), idt, method, options).toTensors(model.dtype());
        }
    }

    @Override
    public <R> R accept(ExplainerVisitor<R> visitor) {
        return visitor.visitClip(this);
    }

    /** Closes the model (and the tokenizer, if any). */
    @Override
    public void close() {
        model.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "ClipExplainer(" + model + ")";
    }
}
