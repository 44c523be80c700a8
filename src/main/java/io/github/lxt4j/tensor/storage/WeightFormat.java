package io.github.lxt4j.tensor.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a weight is kept in memory between uses; each use widens it to the compute dtype (docs/quantization.md). */
public enum WeightFormat {
    F32("f32", false),
    BF16("bf16", false),
    F16("f16", false),
    INT8("int8", true),
    NF4("nf4", true),
    FP4("fp4", true);

    private final String cliName;
    private final boolean quantized;

    WeightFormat(String cliName, boolean quantized) {
        this.cliName = cliName;
        this.quantized = quantized;
    }

    /** The name used by {@code --weights}. */
    public String cliName() {
        return cliName;
    }

    /** True for int8, nf4 and fp4: values are rounded to a code book with scales, not just narrowed. */
    public boolean isQuantized() {
        return quantized;
    }

    /** Parses a {@code --weights} value (case-insensitive). */
    public static WeightFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (WeightFormat f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown weight format '" + name + "': expected one of "
                + Arrays.stream(values()).map(WeightFormat::cliName).collect(Collectors.joining("|")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
