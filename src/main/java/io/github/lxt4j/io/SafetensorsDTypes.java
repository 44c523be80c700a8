package io.github.lxt4j.io;

import io.github.lxt4j.tensor.DType;

/** The dtype names that the safetensors header uses, mapped to {@link DType}. */
final class SafetensorsDTypes {
    static final String SUPPORTED = "F16, BF16, F32, F64, I32, I64, BOOL, U8, I8";

    private SafetensorsDTypes() {}

    /** The dtype for a header name, or null when lxt4j does not support it. */
    static DType parse(String name) {
        switch (name) {
            case "F16":
                return DType.FLOAT16;
            case "BF16":
                return DType.BFLOAT16;
            case "F32":
                return DType.FLOAT32;
            case "F64":
                return DType.FLOAT64;
            case "I32":
                return DType.INT32;
            case "I64":
                return DType.INT64;
            case "BOOL":
                return DType.BOOL;
            case "U8":
                return DType.UINT8;
            case "I8":
                return DType.INT8;
            default:
                return null;
        }
    }

    /** The header name of a dtype. */
    static String name(DType dtype) {
        switch (dtype) {
            case FLOAT16:
                return "F16";
            case BFLOAT16:
                return "BF16";
            case FLOAT32:
                return "F32";
            case FLOAT64:
                return "F64";
            case INT32:
                return "I32";
            case INT64:
                return "I64";
            case BOOL:
                return "BOOL";
            case UINT8:
                return "U8";
            case INT8:
                return "I8";
            default:
                throw new IllegalArgumentException("no safetensors name for " + dtype);
        }
    }
}
