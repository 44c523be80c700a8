package io.github.lxt4j.nn;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.util.Arrays;

/**
 * Token embedding table [vocab, dim]. Lookups are leaves: relevance is read at the looked-up vectors. A table kept
 * in a storage form other than dense widens only the looked-up rows to the compute dtype.
 */
public final class Embedding extends Module {

    private final StoredWeight weight;
    private final DType dtype;

    /** A dense table, looked up in its own dtype. */
    public Embedding(String path, Tensor weight) {
        this(path, new DenseWeight(join(path, "weight"), weight), weight.dtype());
    }

    /** A table in any storage form; looked-up rows come out in {@code dtype}. */
    public Embedding(String path, StoredWeight weight, DType dtype) {
        super(path);
        this.weight = weight;
        this.dtype = dtype;
    }

    /** Looks up INT64 ids of any shape; checks that every id is inside the vocabulary. */
    public Var lookup(Tensor ids) {
        long vocab = vocabSize();
        long[] flat = ids.toLongArray();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= vocab) {
                throw new InvalidTokenIdException("token id " + flat[i] + " at flat position " + i
                        + " is outside the vocabulary [0, " + vocab + ") of " + path());
            }
        }
        if (weight instanceof DenseWeight d) {
            return Var.constant(d.tensor().embedding(ids));
        }
        long[] is = ids.shape();
        long[] out = Arrays.copyOf(is, is.length + 1);
        out[is.length] = weight.shape()[1];
        return Var.constant(weight.widenRows(ids.backend(), dtype, flat).reshape(out));
    }

    /** The table in its storage form. */
    public StoredWeight weight() {
        return weight;
    }

    public long vocabSize() {
        return weight.shape()[0];
    }

    /** A token id outside the embedding table. */
    public static final class InvalidTokenIdException extends Lxt4jException {
        public InvalidTokenIdException(String message) {
            super(message);
        }
    }
}
