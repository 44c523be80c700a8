package io.github.lxt4j.tensor;

import java.util.Locale;

/**
 * Element types that lxt4j tensors can hold. BFLOAT16 exists only on disk: it is widened on load. UINT8 and INT8
 * exist only on disk too, as the codes of quantized checkpoints (bitsandbytes); no backend creates tensors of them.
 */
public enum DType {
    FLOAT16(2, true),
    BFLOAT16(2, true),
    FLOAT32(4, true),
    FLOAT64(8, true),
    INT32(4, false),
    INT64(8, false),
    BOOL(1, false),
    UINT8(1, false),
    INT8(1, false);

    private final int bytes;
    private final boolean floating;

    DType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloating() {
        return floating;
    }

    /** Parses a user-facing name such as {@code float32}, {@code f64}, {@code fp16} or {@code bfloat16}. */
    public static DType parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "float16":
            case "f16":
            case "fp16":
            case "half":
                return FLOAT16;
            case "bfloat16":
            case "bf16":
                return BFLOAT16;
            case "float32":
            case "f32":
            case "fp32":
            case "float":
                return FLOAT32;
            case "float64":
            case "f64":
            case "fp64":
            case "double":
                return FLOAT64;
            case "int32":
            case "i32":
                return INT32;
            case "int64":
            case "i64":
            case "long":
                return INT64;
            case "bool":
                return BOOL;
            default:
                throw new IllegalArgumentException("unknown dtype '" + name
                        + "': expected one of float16, bfloat16, float32, float64, int32, int64, bool");
        }
    }
}
