package io.github.lxt4j.tensor.djl;

import ai.djl.ndarray.types.DataType;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.UnsupportedDTypeException;

/** DType ↔ DJL DataType. BFLOAT16 is refused: creating one aborts DJL's JNI (see docs/backends.md). */
final class DjlTypes {
    private DjlTypes() {}

    static DataType toDjl(DType t) {
        switch (t) {
            case FLOAT16:
                return DataType.FLOAT16;
            case FLOAT32:
                return DataType.FLOAT32;
            case FLOAT64:
                return DataType.FLOAT64;
            case INT32:
                return DataType.INT32;
            case INT64:
                return DataType.INT64;
            case BOOL:
                return DataType.BOOLEAN;
            default:
                throw new UnsupportedDTypeException("the DJL backend cannot hold " + t
                        + " (PyTorch JNI aborts on bfloat16); load bf16 weights into float32 or float16");
        }
    }

    static DType fromDjl(DataType t) {
        switch (t) {
            case FLOAT16:
                return DType.FLOAT16;
            case FLOAT32:
                return DType.FLOAT32;
            case FLOAT64:
                return DType.FLOAT64;
            case INT32:
                return DType.INT32;
            case INT64:
                return DType.INT64;
            case BOOLEAN:
                return DType.BOOL;
            default:
                throw new UnsupportedDTypeException("unexpected DJL data type " + t);
        }
    }
}
