package io.github.lxt4j.nn;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Tensor;

/** Token embedding table [vocab, dim]. Lookups are leaves: relevance is read at the looked-up vectors. */
public final class Embedding extends Module {

    private final Tensor weight;

    public Embedding(String path, Tensor weight) {
        super(path);
        this.weight = weight;
    }

    /** Looks up INT64 ids of any shape; checks that every id is inside the vocabulary. */
    public Var lookup(Tensor ids) {
        long vocab = weight.dim(0);
        long[] flat = ids.toLongArray();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= vocab) {
                throw new InvalidTokenIdException("token id " + flat[i] + " at flat position " + i
                        + " is outside the vocabulary [0, " + vocab + ") of " + path());
            }
        }
        return Var.constant(weight.embedding(ids));
    }

    public Tensor weight() {
        return weight;
    }

    public long vocabSize() {
        return weight.dim(0);
    }

    /** A token id outside the embedding table. */
    public static final class InvalidTokenIdException extends Lxt4jException {
        public InvalidTokenIdException(String message) {
            super(message);
        }
    }
}
