package io.github.lxt4j.bench;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;

/**
 * CLIP on one random image of the config's {@code image_size} (normalised pixels, deterministic) and one random
 * text of its {@code context_length}: forward = their similarity; explain = the relevance of that similarity at the
 * pixels and the text embeddings, under the method's CLIP composite ({@code ClipComposites.forMethod}).
 */
final class ClipTarget implements BenchTarget {

    private final DualEncoder model;
    private final double[] pixels;
    private final long[][] text;
    private final Method method;

    ClipTarget(DualEncoder model, long seed, Method method) {
        this.model = model;
        this.method = method;
        int size = model.imageSize();
        this.pixels = RandomInputs.pixels(seed, 3 * size * size);
        this.text = RandomInputs.ids(seed, 1, model.textContextLength(), model.textVocabSize());
    }

    /** CLIP explains one similarity of one image and one text, on dense weights, without checkpointing. */
    static void checkOptions(BenchSpec s) {
        if (s.seq() != null) {
            throw new BenchOptionException("--seq does not apply to CLIP (" + s.config() + "): the image has the"
                    + " config's image_size and the text its context_length; leave --seq out");
        }
        if (s.batch() != 1) {
            throw new BenchOptionException("--batch-size " + s.batch() + ": a CLIP explanation explains one image-text"
                    + " similarity, so CLIP (" + s.config() + ") is benchmarked with one image and one text;"
                    + " use --batch-size 1");
        }
        s.rejectCheckpoint("CLIP");
        BenchTargets.requireDenseWeights(s, "CLIP");
    }

    @Override
    public int layers() {
        return model.visionLayers() + model.textLayers();
    }

    @Override
    public String architecture() {
        return model.visionLayers() + " vision + " + model.textLayers() + " text layers";
    }

    @Override
    public String input() {
        int size = model.imageSize();
        return String.format(
                "1 image %d×%d (%d tokens) + 1 text of %d tokens", size, size, model.imageTokens(), text[0].length);
    }

    @Override
    public Integer seq() {
        return null;
    }

    private Tensor image() {
        int size = model.imageSize();
        return model.backend().fromDoubles(pixels, model.dtype(), 1, 3, size, size);
    }

    @Override
    public void forward() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor ids = model.ids(text);
            model.forward(Var.constant(image()), model.embedText(ids), ids)
                    .value()
                    .toDoubleArray();
        }
    }

    @Override
    public void explain() {
        try (TensorScope scope = TensorScope.open()) {
            new ClipExplainer(model).explain(image(), model.ids(text), method, BatchOptions.defaults());
        }
    }

    @Override
    public double forwardFlops() {
        return model.flops(1, 1).forward();
    }

    @Override
    public double relevanceFlops() {
        return model.flops(1, 1).relevance();
    }

    @Override
    public void close() {
        model.close();
    }
}
