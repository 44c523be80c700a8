package io.github.lxt4j.explain;

/** The index of the largest value of an array: a predicted class, a greedy token, a most relevant position. */
final class Argmax {
    private Argmax() {}

    /** The index of the first largest of {@code v} (0 for an empty array). */
    static int of(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
