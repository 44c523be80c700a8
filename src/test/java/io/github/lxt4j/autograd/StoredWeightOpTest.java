package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LinearOp with a quantized weight: widened inside the forward and inside the relevance pass, kept by neither. */
class StoredWeightOpTest {

    /** Records every dense tensor it hands out. */
    private static final class Watched implements StoredWeight {
        final StoredWeight inner;
        final List<Tensor> handedOut = new ArrayList<>();

        Watched(StoredWeight inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public WeightFormat format() {
            return inner.format();
        }

        @Override
        public long[] shape() {
            return inner.shape();
        }

        @Override
        public long storageBytes() {
            return inner.storageBytes();
        }

        @Override
        public float[] dequantize() {
            return inner.dequantize();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public Tensor widen(Backend backend, DType dtype) {
            Tensor t = inner.widen(backend, dtype);
            handedOut.add(t);
            return t;
        }

        @Override
        public Tensor widenRows(Backend backend, DType dtype, long[] rowIds) {
            Tensor t = inner.widenRows(backend, dtype, rowIds);
            handedOut.add(t);
            return t;
        }
    }

    private static Watched weight() {
        Random r = new Random(5);
        float[] w = new float[64 * 128];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.1f;
        }
        return new Watched(StoredWeights.quantize("lin.weight", WeightFormat.NF4, w, 64, 128));
    }

    private static float[] input() {
        Random r = new Random(6);
        float[] x = new float[2 * 3 * 128];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void aLargeWeightIsWidenedPieceByPieceWithTheSameResult() {
        Backend be = Backends.djl();
        Watched weight = weight();
        Site site = Site.of(OpKind.LINEAR, "lin").setRule(new Rules.Epsilon());
        String key = "lxt4j.widenPieceElements";
        double[][] grads = new double[2][];
        float[][] outs = new float[2][];
        for (int run = 0; run < 2; run++) {
            if (run == 1) {
                System.setProperty(key, "1000"); // 7 rows of 128 per piece: 10 pieces
            }
            try (TensorScope s = TensorScope.open();
                    Tape tape = Tape.record()) {
                Var in = Var.leaf(be.fromFloats(input(), DType.FLOAT32, 2, 3, 128));
                Var y = LinearOp.apply(site, in, weight, be.fromFloats(new float[64], DType.FLOAT32, 64));
                y.backward(y);
                outs[run] = y.value().toFloatArray();
                grads[run] = in.grad().toDoubleArray();
            } finally {
                System.clearProperty(key);
            }
        }
        assertEquals(2 + 2 * 10, weight.handedOut.size(), "whole, whole, then 10 pieces forward and 10 backward");
        for (Tensor t : weight.handedOut) {
            assertTrue(t.isClosed(), "every widened piece is released");
        }
        assertArrayEquals(outs[0], outs[1], 1e-5f);
        io.github.lxt4j.testing.Compare.relevance("pieces", grads[1], grads[0], 1e-5, 0.99999);
    }

    @Test
    void theWidenedWeightLivesOnlyInsideTheForwardAndInsideTheRelevancePass() {
        Backend be = Backends.djl();
        Random r = new Random(5);
        float[] w = new float[64 * 128];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.1f;
        }
        Watched weight = new Watched(StoredWeights.quantize("lin.weight", WeightFormat.NF4, w, 64, 128));
        Site site = Site.of(OpKind.LINEAR, "lin").setRule(new Rules.Epsilon());
        float[] x = new float[2 * 128];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var in = Var.leaf(be.fromFloats(x, DType.FLOAT32, 2, 128));
            int before = s.size();
            Var y = LinearOp.apply(site, in, weight, null);
            assertEquals(1, weight.handedOut.size(), "one widening in the forward");
            assertTrue(weight.handedOut.get(0).isClosed(), "the forward's widened weight is released");
            assertEquals(before + 1, s.size(), "the forward leaves only z in the caller's scope");
            y.backward(y);
            assertEquals(2, weight.handedOut.size(), "one widening in the relevance pass");
            assertTrue(weight.handedOut.get(1).isClosed(), "the relevance pass's widened weight is released");
            // ε: conservation without bias, and the value equals the dense model of the dequantized weight
            assertEquals(
                    y.value().sumAll().item(),
                    in.grad().sumAll().item(),
                    1e-4 * Math.abs(y.value().sumAll().item()));
            Tensor dense = be.fromFloats(weight.dequantize(), DType.FLOAT32, 64, 128);
            assertArrayEquals(
                    in.value().matmulTransposed(dense).toFloatArray(), y.value().toFloatArray(), 0f);
        }
    }
}
