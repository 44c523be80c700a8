package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import java.util.Objects;

/**
 * The three summands of an encoder's input embedding, each [B, T, hidden]: the word embeddings (the explained input)
 * and the position and token-type embeddings that the model adds to them (constants of the explanation, whose share
 * of relevance is reported separately). {@code tokenTypes} is null for a model without token types (DistilBERT).
 */
public record TextEmbeddings(Var words, Var positions, Var tokenTypes) {

    public TextEmbeddings {
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(positions, "positions");
    }
}
