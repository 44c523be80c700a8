package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operands are never modified, and closing any tensor never invalidates another: results that could be views
 * (reshape, permute, slice, expand, transpose, casts to the same type) stay valid after their source is closed,
 * and the source stays valid after they are closed.
 */
class OwnershipTest {

    private static Map<String, Function<Tensor, Tensor>> ops(Backend be) {
        Map<String, Function<Tensor, Tensor>> m = new LinkedHashMap<>();
        m.put("reshape", t -> t.reshape(4, 6));
        m.put("reshape-same", t -> t.reshape(2, 3, 4));
        m.put("unsqueeze", t -> t.unsqueeze(0));
        m.put("permute", t -> t.permute(2, 0, 1));
        m.put("permute-identity", t -> t.permute(0, 1, 2));
        m.put("transpose", t -> t.transpose(0, 2));
        m.put("slice", t -> t.slice(1, 1, 3));
        m.put("slice-all", t -> t.slice(1, 0, 3));
        m.put("slice-step", t -> t.slice(2, 0, 4, 2));
        m.put("expand", t -> t.slice(0, 0, 1).expand(5, 3, 4));
        m.put("expand-same", t -> t.expand(2, 3, 4));
        m.put("toDType-same", t -> t.toDType(t.dtype()));
        m.put("copy", Tensor::copy);
        m.put("split", t -> t.split(2, 1, 3).get(1));
        m.put("exp", Tensor::exp);
        m.put("erf", Tensor::erf);
        m.put("sigmoid", Tensor::sigmoid);
        m.put("tanh", Tensor::tanh);
        m.put("softmax", t -> t.softmax(1));
        m.put("clamp", t -> t.clamp(-0.1, 0.1));
        m.put("neg", Tensor::neg);
        m.put("abs", Tensor::abs);
        m.put("add", t -> t.add(t));
        m.put("maximum", t -> t.maximum(t.slice(0, 0, 1)));
        m.put("where", t -> t.where(t.gt(0), t.neg()));
        m.put("sum", t -> t.sum(1, true));
        m.put("max", t -> t.max(2, false));
        m.put("topk", t -> t.topk(4, -1).values());
        m.put("gather", t -> t.gather(2, be.fromLongs(new long[] {0, 3, 1, 2, 2, 2}, 2, 3, 1)));
        m.put("indexSelect", t -> t.indexSelect(0, be.fromLongs(new long[] {1}, 1)));
        m.put("repeat", t -> t.repeatInterleave(0, 1));
        m.put("concat-one", t -> be.concat(List.of(t), 0));
        m.put("matmul", t -> t.matmul(t.transpose(1, 2)));
        return m;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void resultsSurviveTheirSourceAndSourcesSurviveTheirResults(Backend be, DType dt) {
        Random rnd = new Random(61);
        for (Map.Entry<String, Function<Tensor, Tensor>> op : ops(be).entrySet()) {
            try (TensorScope s = TensorScope.open()) {
                Ref in = Ref.random(rnd, 2, 3, 4);
                Tensor x = in.on(be, dt);
                Ref before = Ref.of(x);
                Tensor r = op.getValue().apply(x);
                assertArrayEquals(before.data, x.toDoubleArray(), 0, op.getKey() + " modified its operand");
                Ref result = Ref.of(r);
                x.close();
                assertArrayEquals(result.data, r.toDoubleArray(), 0, op.getKey() + " result after closing source");
                assertArrayEquals(result.data, r.mul(1).toDoubleArray(), 0, op.getKey() + " result in use");

                Tensor y = in.on(be, dt);
                Ref yBefore = Ref.of(y);
                Tensor r2 = op.getValue().apply(y);
                r2.close();
                assertArrayEquals(yBefore.data, y.toDoubleArray(), 0, op.getKey() + " source after closing result");
                assertArrayEquals(yBefore.data, y.add(0).toDoubleArray(), 0, op.getKey() + " source in use");
            }
        }
    }
}
