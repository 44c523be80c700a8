package io.github.lxt4j.tensor.nd4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * White-box checks of the ND4J ownership invariant. ND4J frees unclosed arrays through the GC, so an RSS test cannot
 * tell a missing close() from a correct one: these tests look at the INDArrays themselves.
 */
class Nd4jBuffersTest {

    private final Nd4jBackend be = Nd4jBackend.instance();

    private Map<String, Function<Tensor, Tensor>> ops() {
        Map<String, Function<Tensor, Tensor>> m = new LinkedHashMap<>();
        m.put("reshape", t -> t.reshape(4, 6));
        m.put("reshape-same", t -> t.reshape(2, 3, 4));
        m.put("permute", t -> t.permute(2, 0, 1));
        m.put("permute-identity", t -> t.permute(0, 1, 2));
        m.put("transpose", t -> t.transpose(0, 2));
        m.put("slice", t -> t.slice(1, 1, 3));
        m.put("slice-all", t -> t.slice(1, 0, 3));
        m.put("slice-step", t -> t.slice(2, 0, 4, 2));
        m.put("expand-same", t -> t.expand(2, 3, 4));
        m.put("expand", t -> t.slice(0, 0, 1).expand(5, 3, 4));
        m.put("toDType-same", t -> t.toDType(t.dtype()));
        m.put("copy", Tensor::copy);
        m.put("erf", Tensor::erf);
        m.put("add", t -> t.add(t));
        m.put("where", t -> t.where(t.gt(0), t.neg()));
        m.put("max", t -> t.max(2, true));
        m.put("sumAll", Tensor::sumAll);
        m.put("topk", t -> t.topk(4, -1).values());
        m.put("gather", t -> t.gather(2, be.fromLongs(new long[] {0, 3, 1, 2, 2, 2}, 2, 3, 1)));
        m.put("concat-one", t -> be.concat(List.of(t), 0));
        m.put("matmul", t -> t.matmul(t.transpose(1, 2)));
        return m;
    }

    @Test
    void everyResultOwnsAContiguousBufferOfItsOwn() {
        for (Map.Entry<String, Function<Tensor, Tensor>> op : ops().entrySet()) {
            try (TensorScope s = TensorScope.open()) {
                Tensor x = be.arange(24, DType.FLOAT64).reshape(2, 3, 4).add(-11.5);
                INDArray in = Nd4jTensor.arr(x);
                INDArray out = Nd4jTensor.arr(op.getValue().apply(x));
                assertTrue(Scratch.isOwnedContiguous(out), op.getKey() + ": result is a view or not c-contiguous");
                assertFalse(Scratch.aliases(out, in), op.getKey() + ": result shares the input's buffer");
                assertTrue(out.closeable(), op.getKey() + ": result cannot be closed");
            }
        }
    }

    @Test
    void closingATensorOrItsScopeClosesTheArray() {
        INDArray kept;
        INDArray freed;
        try (TensorScope s = TensorScope.open()) {
            Tensor a = be.full(1, DType.FLOAT32, 3);
            Tensor b = a.exp();
            freed = Nd4jTensor.arr(a);
            a.close();
            assertTrue(freed.wasClosed());
            kept = Nd4jTensor.arr(b);
            assertFalse(kept.wasClosed());
        }
        assertTrue(kept.wasClosed());
    }

    @Test
    void scratchFreesTemporariesButNeverInputsOrTheirAliases() {
        INDArray input = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {2, 2}, DataType.DOUBLE);
        INDArray temp;
        INDArray alias;
        INDArray result;
        try (Scratch s = new Scratch(input)) {
            alias = s.tmp(input.permute(1, 0)); // shares the input's buffer without being a view
            temp = s.tmp(input.mul(2));
            result = s.result(temp.reshape('c', new long[] {4}));
        }
        assertTrue(temp.wasClosed());
        assertFalse(input.wasClosed());
        assertFalse(alias.wasClosed());
        assertFalse(result.wasClosed());
        assertSame(DataType.DOUBLE, result.dataType());
        assertTrue(Scratch.isOwnedContiguous(result));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new double[] {2, 4, 6, 8}, result.data().asDouble());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new double[] {1, 2, 3, 4}, input.data().asDouble());
        result.close();
        input.close();
    }

    @Test
    void threadsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> be.setThreads(0));
    }
}
