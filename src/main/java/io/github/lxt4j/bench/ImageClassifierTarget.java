package io.github.lxt4j.bench;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;

/**
 * An image classifier (ViT) on {@code --batch-size} random images of the config's {@code image_size} (normalised
 * pixels, deterministic): forward = its logits, explain = the relevance of each image's predicted label under
 * CP-LRP, LXT's recipe for vision transformers.
 */
final class ImageClassifierTarget implements BenchTarget {

    private final ImageClassifier model;
    private final ImageClassifierExplainer explainer;
    private final double[] pixels;
    private final int batch;
    private final Method method;

    ImageClassifierTarget(ImageClassifier model, BenchSpec s, Method method) {
        this.model = model;
        this.method = method;
        this.batch = s.batch();
        this.explainer = new ImageClassifierExplainer(model).checkpointLayers(s.checkpoint());
        int size = model.imageSize();
        this.pixels = RandomInputs.pixels(s.seed(), batch * 3 * size * size);
    }

    /** The images have the config's size: --seq does not apply. */
    static void checkOptions(BenchSpec s) {
        if (s.seq() != null) {
            throw new BenchOptionException("--seq does not apply to an image classifier (" + s.config() + "): the"
                    + " images have the config's image_size; leave --seq out");
        }
    }

    @Override
    public int layers() {
        return model.numLayers();
    }

    @Override
    public String architecture() {
        return model.numLayers() + " encoder layers, " + model.labels().size() + " labels";
    }

    @Override
    public String input() {
        int size = model.imageSize();
        int tokens = (size / model.patchSize()) * (size / model.patchSize()) + 1;
        return String.format("batch %d × image %d×%d (%d tokens)", batch, size, size, tokens);
    }

    @Override
    public Integer seq() {
        return null;
    }

    private Tensor images() {
        int size = model.imageSize();
        return model.backend().fromDoubles(pixels, model.dtype(), batch, 3, size, size);
    }

    @Override
    public void forward() {
        try (TensorScope scope = TensorScope.open()) {
            model.forward(Var.constant(images()), EncoderOptions.defaults())
                    .value()
                    .toDoubleArray();
        }
    }

    @Override
    public void explain() {
        try (TensorScope scope = TensorScope.open()) {
            explainer.explain(images(), Target.argmax(), method, BatchOptions.defaults());
        }
    }

    @Override
    public double forwardFlops() {
        return model.flops(batch).forward();
    }

    @Override
    public double relevanceFlops() {
        return model.flops(batch).relevance();
    }

    @Override
    public void close() {
        explainer.close();
    }
}
