package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImageProcessor;
import io.github.lxt4j.tensor.Tensor;
import java.nio.file.Path;

/**
 * The image-classifier capability: a vision transformer with a classification head (ViT). Pixels are the relevance
 * leaf; the forward returns class logits [B, labels].
 */
public interface ImageClassifier extends PretrainedModel {

    /** The head's classes ({@code id2label}) and how a distribution is read from the logits. */
    ClassLabels labels();

    /** The model's image preprocessing (the folder's {@code preprocessor_config.json}, or HF's defaults). */
    ImageProcessor preprocessor();

    /** Image files → pixels [N, 3, S, S] in the model's dtype, in the current scope. */
    Tensor preprocess(Path... images);

    /** An already normalised image array [N, C, S, S] → a tensor in the model's dtype; checks the shape. */
    Tensor pixels(TensorData image);

    /**
     * @param pixels [N, C, S, S], normalised
     * @return logits [N, labels]
     */
    Var forward(Var pixels, EncoderOptions options);

    /** The side of the square images the model takes. */
    int imageSize();

    /** The side of one patch, in pixels. */
    int patchSize();

    /** Encoder layers: the number of {@code layer.i} latent relevances. */
    int numLayers();

    /** FLOPs of a forward over {@code images} images, and of its CP-LRP relevance pass. */
    FlopCount flops(int images);
}
