package io.github.lxt4j.tensor.blas;

import java.util.Locale;

/** The {@code lxt4j.blas} setting: calibrate per machine ({@code auto}), or force one library. */
public enum BlasChoice {
    AUTO,
    TORCH,
    OPENBLAS;

    /** {@code auto}, {@code torch} or {@code openblas} (case-insensitive); {@code source} names the setting. */
    public static BlasChoice parse(String value, String source) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "auto":
                return AUTO;
            case "torch":
            case "libtorch":
            case "mkl":
                return TORCH;
            case "openblas":
                return OPENBLAS;
            default:
                throw new IllegalArgumentException(
                        source + " '" + value + "' is not a BLAS choice: expected auto, torch or openblas");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
