package io.github.lxt4j.eval;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.RelevanceArrays;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Arrays;

/**
 * {@link TargetScorer} of a causal LM: plain forward passes (nothing recorded), at most {@code maxRows} rows per
 * batch, each batch in its own {@link TensorScope}.
 */
public final class CausalLmScorer implements TargetScorer {

    /** Rows per forward pass unless told otherwise: the 2·(steps+1) rows of one prompt at the default 10 steps. */
    public static final int DEFAULT_MAX_ROWS = 64;

    private final CausalLm model;
    private final int maxRows;

    public CausalLmScorer(CausalLm model) {
        this(model, DEFAULT_MAX_ROWS);
    }

    public CausalLmScorer(CausalLm model, int maxRows) {
        if (maxRows < 1) {
            throw new EvalInputException("rows per forward pass must be >= 1, got " + maxRows);
        }
        this.model = model;
        this.maxRows = maxRows;
    }

    @Override
    public Scores score(long[][] rows, long target) {
        long vocab = model.vocabSize();
        if (target < 0 || target >= vocab) {
            throw new EvalInputException("target token id " + target + " is outside the vocabulary [0, " + vocab + ")");
        }
        double[] logits = new double[rows.length];
        double[] probs = new double[rows.length];
        for (int start = 0; start < rows.length; start += maxRows) {
            long[][] chunk = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + maxRows));
            int n = chunk.length;
            try (TensorScope scope = TensorScope.open()) {
                Tensor ids = model.backend().fromLongs(RelevanceArrays.flatten(chunk), n, chunk[0].length);
                Var out = Tape.noRecord(() -> model.forward(
                        model.embed(ids), null, DecoderOptions.defaults().lastOnly()));
                Tensor last = out.value().reshape(n, vocab);
                long[] targets = new long[n];
                Arrays.fill(targets, target);
                Tensor idx = model.backend().fromLongs(targets, n, 1);
                System.arraycopy(last.gather(1, idx).toDoubleArray(), 0, logits, start, n);
                System.arraycopy(last.softmax(1).gather(1, idx).toDoubleArray(), 0, probs, start, n);
            }
        }
        return new Scores(logits, probs);
    }
}
