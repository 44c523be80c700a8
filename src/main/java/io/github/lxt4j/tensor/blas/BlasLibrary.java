package io.github.lxt4j.tensor.blas;

import java.util.Locale;

/** A BLAS that can compute a dense layer's GEMM: the backend's own (libtorch) or OpenBLAS. */
public enum BlasLibrary {
    TORCH,
    OPENBLAS;

    /** {@code torch} or {@code openblas}, as settings and reports name it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
