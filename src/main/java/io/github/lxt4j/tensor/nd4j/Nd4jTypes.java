package io.github.lxt4j.tensor.nd4j;

import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.UnsupportedDTypeException;
import org.nd4j.linalg.api.buffer.DataType;

/** DType ↔ ND4J DataType, and torch-style type promotion (ND4J itself keeps the left operand's type). */
final class Nd4jTypes {
    private Nd4jTypes() {}

    static boolean supported(DType t) {
        switch (t) {
            case FLOAT32:
            case FLOAT64:
            case INT32:
            case INT64:
            case BOOL:
                return true;
            default:
                return false;
        }
    }

    static DataType toNd4j(DType t) {
        switch (t) {
            case FLOAT32:
                return DataType.FLOAT;
            case FLOAT64:
                return DataType.DOUBLE;
            case INT32:
                return DataType.INT;
            case INT64:
                return DataType.LONG;
            case BOOL:
                return DataType.BOOL;
            default:
                throw new UnsupportedDTypeException("the nd4j backend computes in float32 or float64, not " + t
                        + "; load half-precision weights with target float32 (use the djl backend for float16)");
        }
    }

    static DType fromNd4j(DataType t) {
        switch (t) {
            case FLOAT:
                return DType.FLOAT32;
            case DOUBLE:
                return DType.FLOAT64;
            case INT:
                return DType.INT32;
            case LONG:
                return DType.INT64;
            case BOOL:
                return DType.BOOL;
            default:
                throw new UnsupportedDTypeException("unexpected ND4J data type " + t);
        }
    }

    /** torch.result_type for two tensors: floating beats integral beats bool; wider beats narrower. */
    static DataType promote(DataType a, DataType b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(DataType t) {
        switch (t) {
            case BOOL:
                return 0;
            case INT:
                return 1;
            case LONG:
                return 2;
            case FLOAT:
                return 3;
            case DOUBLE:
                return 4;
            default:
                throw new UnsupportedDTypeException("unexpected ND4J data type " + t);
        }
    }

    static boolean isFloating(DataType t) {
        return t == DataType.FLOAT || t == DataType.DOUBLE;
    }
}
