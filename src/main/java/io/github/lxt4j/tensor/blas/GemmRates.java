package io.github.lxt4j.tensor.blas;

/** GFLOP/s of one library on a dense layer's two products at one shape. */
public record GemmRates(double xWt, double gW) {

    public double of(GemmProduct p) {
        return p == GemmProduct.X_WT ? xWt : gW;
    }

    /** The rate of both products together (they have the same FLOPs): the harmonic mean. */
    public double both() {
        return 2 / (1 / xWt + 1 / gW);
    }

    /** The rate of both products when each is computed by the library whose rates are given for it. */
    static double mixed(GemmRates forXWt, GemmRates forGW) {
        return new GemmRates(forXWt.xWt, forGW.gW).both();
    }
}
