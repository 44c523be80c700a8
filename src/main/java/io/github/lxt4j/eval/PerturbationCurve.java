package io.github.lxt4j.eval;

/**
 * One perturbation curve: after step k, the {@code counts[k]} first positions of the order are replaced by the
 * baseline token, {@code fractions[k] = counts[k] / P} of the P perturbable positions. Step 0 is the unperturbed
 * prompt, the last step has every perturbable position replaced.
 *
 * @param order most- or least-relevant first
 * @param positions the perturbable positions in the order they are replaced
 * @param counts positions replaced at each step (steps + 1 entries, from 0 to P)
 * @param fractions {@code counts / P}
 * @param logits the target's logit at each step
 * @param probabilities the target's probability at each step
 */
public record PerturbationCurve(
        Order order, int[] positions, int[] counts, double[] fractions, double[] logits, double[] probabilities) {

    public enum Order {
        /** Most relevant first (MoRF): a faithful explanation makes the curve fall fast. */
        MORF,
        /** Least relevant first (LeRF): a faithful explanation keeps the curve high. */
        LERF
    }

    public double[] values(CurveValue v) {
        return v == CurveValue.LOGIT ? logits : probabilities;
    }

    /** Trapezoid area under {@code values(v)} over the perturbed fraction in [0, 1]: the curve's mean height. */
    public double auc(CurveValue v) {
        return area(fractions, values(v));
    }

    /** Σ (x[k+1] − x[k]) · (y[k] + y[k+1]) / 2. */
    static double area(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        double a = 0;
        for (int k = 0; k + 1 < x.length; k++) {
            a += (x[k + 1] - x[k]) * (y[k] + y[k + 1]) / 2;
        }
        return a;
    }
}
