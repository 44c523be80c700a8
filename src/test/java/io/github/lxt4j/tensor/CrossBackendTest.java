package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** DJL and ND4J agree to 1e-12 in float64 on random inputs, op by op and through a small attention block. */
class CrossBackendTest {

    private static final DType F64 = DType.FLOAT64;

    /** Runs every op on inputs made from the same seed; returns named results as (shape, values). */
    private static Map<String, Ref> program(Backend be) {
        Map<String, Ref> out = new LinkedHashMap<>();
        Random rnd = new Random(2024);
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(rnd, 2, 3, 4).on(be, F64);
            Tensor y = Ref.random(rnd, 3, 1).on(be, F64);
            Tensor pos = Ref.uniform(rnd, 0.1, 3, 2, 3, 4).on(be, F64);
            Map<String, Function<Tensor, Tensor>> unary = new LinkedHashMap<>();
            unary.put("exp", Tensor::exp);
            unary.put("tanh", Tensor::tanh);
            unary.put("erf", Tensor::erf);
            unary.put("sigmoid", Tensor::sigmoid);
            unary.put("sin", Tensor::sin);
            unary.put("cos", Tensor::cos);
            unary.put("abs", Tensor::abs);
            unary.put("neg", Tensor::neg);
            unary.put("relu", Tensor::relu);
            unary.put("clamp", t -> t.clamp(-0.5, 0.7));
            unary.put("pow3", t -> t.pow(3));
            unary.put("scalar", t -> t.mul(1.7).add(-0.3).div(3).sub(0.1));
            unary.put("stabilize", t -> t.stabilize(1e-2));
            for (int a = 0; a < 3; a++) {
                int ax = a;
                unary.put("softmax" + a, t -> t.softmax(ax));
                unary.put("sum" + a, t -> t.sum(ax, true));
                unary.put("mean" + a, t -> t.mean(ax, false));
                unary.put("max" + a, t -> t.max(ax, true));
                unary.put("argmax" + a, t -> t.argmax(ax).toDType(F64));
                unary.put("topk" + a, t -> t.topk(2, ax).values());
                unary.put("repeat" + a, t -> t.repeatInterleave(ax, 2));
            }
            unary.put(
                    "permute-reshape",
                    t -> t.permute(2, 0, 1).reshape(4, 6).transpose(0, 1).reshape(-1));
            unary.put("slice", t -> t.slice(2, 0, 4, 3).slice(1, -2, 3));
            unary.put("indexSelect", t -> t.indexSelect(1, be.fromLongs(new long[] {2, 0, 2}, 3)));
            unary.put("gather", t -> t.gather(2, be.fromLongs(new long[] {3, 0, 1, 1, 2, 0}, 2, 3, 1)));
            unary.put("expand", t -> t.slice(0, 0, 1).expand(3, 3, 4));
            for (Map.Entry<String, Function<Tensor, Tensor>> e : unary.entrySet()) {
                out.put(e.getKey(), Ref.of(e.getValue().apply(x)));
            }
            out.put("log", Ref.of(pos.log()));
            out.put("sqrt", Ref.of(pos.sqrt()));
            out.put("rsqrt", Ref.of(pos.rsqrt()));
            out.put("pow1.5", Ref.of(pos.pow(1.5)));
            out.put("add", Ref.of(x.add(y)));
            out.put("sub", Ref.of(y.sub(x)));
            out.put("mul", Ref.of(x.mul(y)));
            out.put("div", Ref.of(x.div(pos)));
            out.put("divStabilized", Ref.of(x.divStabilized(x.sub(y), 1e-6)));
            out.put("maximum", Ref.of(x.maximum(y)));
            out.put("minimum", Ref.of(y.minimum(x)));
            out.put("where", Ref.of(x.where(y.gt(0), y.mul(2))));
            out.put("concat", Ref.of(be.concat(List.of(x, pos), 1)));
            out.put("stack", Ref.of(be.stack(List.of(x, pos), -1)));
            out.put("sumAll", Ref.of(x.sumAll()));

            Tensor q = Ref.random(rnd, 2, 4, 5, 8).on(be, F64);
            Tensor k = Ref.random(rnd, 2, 1, 5, 8).on(be, F64);
            Tensor v = Ref.random(rnd, 2, 1, 5, 8).on(be, F64);
            Tensor mask = be.arange(5, DType.INT64)
                    .unsqueeze(1)
                    .gt(be.arange(5, DType.INT64).unsqueeze(0));
            Tensor scores = q.matmul(k.transpose(-1, -2)).div(Math.sqrt(8));
            Tensor probs =
                    be.full(Double.NEGATIVE_INFINITY, F64).where(mask, scores).softmax(-1);
            out.put("attention", Ref.of(probs.matmul(v).permute(0, 2, 1, 3).reshape(2, 5, 32)));
            Tensor w = Ref.random(rnd, 32, 6).on(be, F64);
            out.put(
                    "linear",
                    Ref.of(probs.matmul(v).permute(0, 2, 1, 3).reshape(2, 5, 32).matmul(w)));

            Tensor img = Ref.random(rnd, 2, 3, 9, 8).on(be, F64);
            Tensor ker = Ref.random(rnd, 4, 3, 3, 3).on(be, F64);
            out.put("conv2d", Ref.of(img.conv2d(ker, 2, 1, 1, 1)));
            out.put("conv2d-generic", Ref.of(Convolutions.conv2d(img, ker, 1, 2, 0, 1)));
            Tensor cols = Convolutions.im2col(img, 3, 3, 2, 2, 1, 1);
            out.put("col2im", Ref.of(Convolutions.col2im(cols.mul(cols), img.shape(), 3, 3, 2, 2, 1, 1)));
        }
        return out;
    }

    @Test
    void djlAndNd4jAgreeInFloat64() {
        Map<String, Ref> djl = program(Backends.djl());
        Map<String, Ref> nd4j = program(Backends.nd4j());
        assertEquals(djl.keySet(), nd4j.keySet());
        List<String> checked = new ArrayList<>();
        for (String key : djl.keySet()) {
            Ref a = djl.get(key);
            Ref b = nd4j.get(key);
            assertArrayEquals(a.shape, b.shape, key + " shape");
            Check.close(a.data, b.data, 1e-12, key);
            checked.add(key);
        }
        assertEquals(djl.size(), checked.size());
    }
}
