package io.github.lxt4j.bench;

/**
 * One model built on random weights, with fixed random inputs, ready to be timed: a plain forward pass and an
 * explanation (the same forward, recorded, plus the relevance pass) of the same inputs.
 */
public interface BenchTarget extends AutoCloseable {

    /** Transformer blocks in all stacks together. */
    int layers();

    /** The stacks, for people: {@code "12 encoder + 12 decoder layers"}. */
    String architecture();

    /** The inputs, for people: {@code "batch 1 × seq 128"}. */
    String input();

    /** The {@code --seq} in effect, or null where the family takes none. */
    Integer seq();

    void forward();

    void explain();

    /** How the latest explanation kept its layers' tapes under the memory budget; null where no budget applies. */
    default BenchResult.Tapes tapes() {
        return null;
    }

    double forwardFlops();

    double relevanceFlops();

    /** Frees the model's weights. */
    @Override
    void close();
}
