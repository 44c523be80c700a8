package io.github.lxt4j.explain;

import java.util.List;

/**
 * What to explain at the last position of a causal LM. The explained value is seeded with itself, so relevances
 * sum to about it (LXT's {@code y.backward(y)}); gradient × input seeds with 1.
 */
public sealed interface Target {

    /** The largest logit. */
    static Target argmax() {
        return new Argmax();
    }

    /** The logit of a given token id. */
    static Target token(long id) {
        return new Token(id);
    }

    /** One token id per row of a batch. */
    static Target perRow(long... ids) {
        return new PerRow(ids.clone());
    }

    /** Each row its own target: {@link #argmax()} or {@link #token(long)}, one per row of a batch. */
    static Target eachRow(List<Target> rows) {
        return new EachRow(List.copyOf(rows));
    }

    /** softmax(logits / T) at the argmax token (LXT's {@code lf.softmax(logits, -1, temperature=2)}). */
    static Target probability(double temperature) {
        return new Probability(temperature);
    }

    /**
     * logit(a) − logit(b): why a rather than b.
     *
     * @throws InvalidInputException if a = b (the difference is 0 whatever the input)
     */
    static Target contrastive(long a, long b) {
        if (a == b) {
            throw new InvalidInputException("a contrast of class " + a + " with itself explains logit(a) - logit(a)"
                    + " = 0 whatever the input: contrast two different classes or tokens");
        }
        return new Contrastive(a, b);
    }

    /**
     * softmax(logits)[a] − softmax(logits)[b]: why a rather than b, as a difference of probabilities (Inseq's
     * {@code contrast_prob_diff} step function).
     */
    static Target probabilityDifference(long a, long b) {
        return new ProbabilityDifference(a, b);
    }

    /** Greedily generate {@code count} tokens; explain each new token, or their summed logits. */
    static Target generated(int count, boolean sum) {
        return new Generated(count, sum);
    }

    record Argmax() implements Target {}

    record Token(long id) implements Target {}

    record PerRow(long[] ids) implements Target {}

    record EachRow(List<Target> rows) implements Target {
        public EachRow {
            for (int i = 0; i < rows.size(); i++) {
                if (!(rows.get(i) instanceof Argmax || rows.get(i) instanceof Token)) {
                    throw new IllegalArgumentException(
                            "row " + i + ": a per-row target is argmax or a token, got " + rows.get(i));
                }
            }
        }
    }

    record Probability(double temperature) implements Target {
        public Probability {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            }
        }
    }

    record Contrastive(long a, long b) implements Target {}

    record ProbabilityDifference(long a, long b) implements Target {}

    record Generated(int count, boolean sum) implements Target {
        public Generated {
            if (count < 1) {
                throw new IllegalArgumentException("generated span needs count >= 1, got " + count);
            }
        }
    }
}
