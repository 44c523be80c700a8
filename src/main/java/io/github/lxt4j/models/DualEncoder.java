package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImagePreprocessor;
import io.github.lxt4j.tensor.Tensor;
import java.nio.file.Path;

/**
 * The dual-encoder capability: an image tower and a text tower compared by the cosine similarity of their features
 * (CLIP, OpenCLIP). Pixels and token embeddings are relevance leaves; the similarity product is the op at site
 * {@link #SIMILARITY}.
 */
public interface DualEncoder extends PretrainedModel {

    /** The site of the similarity product {@code normalize(img) · normalize(txt)ᵀ}. */
    String SIMILARITY = "similarity";

    /** The model's image preprocessing (size, mean and std from its config). */
    ImagePreprocessor preprocessor();

    /** Image files → pixels [N, 3, S, S] in the model's dtype, in the current scope. */
    Tensor preprocess(Path... images);

    /** An already normalised image array [N, 3, S, S] → a tensor in the model's dtype; checks the shape. */
    Tensor pixels(TensorData image);

    /** INT64 token ids [M, L] → a tensor; checks the shape, the context length and the vocabulary. */
    Tensor ids(long[][] rows);

    /** Token embeddings [M, L, W] of ids [M, L], as a constant Var. */
    Var embedText(Tensor ids);

    /** pixels [N, 3, S, S] → image features [N, embed_dim], before normalisation. */
    Var encodeImage(Var pixels);

    /** token embeddings [M, L, W] and their ids [M, L] → text features [M, embed_dim], before normalisation. */
    Var encodeText(Var tokenEmbeddings, Tensor ids);

    /** {@code normalize(image) · normalize(text)ᵀ}: [N, M] cosine similarities. */
    Var similarity(Var imageFeatures, Var textFeatures);

    /** The whole model: pixels, token embeddings and ids → similarity [N, M]. */
    Var forward(Var pixels, Var tokenEmbeddings, Tensor ids);

    /** Checks pixels [N, 3, S, S] and ids [M, L] (shape, context length, vocabulary) before a forward pass. */
    void checkInputs(Tensor pixels, Tensor ids);

    /** The side of the square images the vision tower takes. */
    int imageSize();

    /** Tokens the vision tower sees: patches + the class token. */
    int imageTokens();

    /** The text tower's context length. */
    int textContextLength();

    long textVocabSize();

    int visionLayers();

    int textLayers();

    /** FLOPs of both towers on {@code images} images and {@code texts} texts, and of the relevance pass. */
    FlopCount flops(int images, int texts);
}
