package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpointed transformer blocks give the same relevance as plain ones, under each preset composite. */
class CheckpointTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Backend be : TestBackends.all()) {
            for (Composite c : List.of(Composites.ATTN_LRP, Composites.CP_LRP, Composites.GRADIENT)) {
                list.add(Arguments.of(be, c));
            }
        }
        return list.stream();
    }

    private static double[] relevance(Backend be, TinyTransformer model, Nd input, boolean checkpointed) {
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var x = Var.leaf(input.tensor(be, DType.FLOAT64));
            Var y = model.forward(x, checkpointed);
            Var target = io.github.lxt4j.autograd.ops.SliceOp.select(y, 0, -1);
            target.backward(target);
            return x.grad().toDoubleArray();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void checkpointedRelevanceIsIdentical(Backend be, Composite composite) {
        Random rnd = new Random(8);
        try (TensorScope weights = TensorScope.open()) {
            TinyTransformer model = new TinyTransformer(be, DType.FLOAT64, 2, 6, rnd);
            composite.register(model);
            try {
                Nd input = Nd.random(rnd, 5, 6);
                double[] plain = relevance(be, model, input, false);
                double[] ckpt = relevance(be, model, input, true);
                double scale = 0;
                for (double v : plain) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertTrue(scale > 1e-3, "relevance should not vanish");
                assertArrayEquals(plain, ckpt, 1e-12 * scale, composite.name());
            } finally {
                composite.remove();
            }
        }
    }

    private static int widenings(boolean checkpointed, Long cacheBudget) {
        io.github.lxt4j.testing.CountingWeight w = new io.github.lxt4j.testing.CountingWeight("lin.weight", 64, 64, 3);
        io.github.lxt4j.rules.Site site = io.github.lxt4j.rules.Site.of(io.github.lxt4j.rules.OpKind.LINEAR, "lin");
        java.util.function.Function<Var, Var> segment =
                in -> io.github.lxt4j.autograd.ops.LinearOp.apply(site, in, w, null);
        if (cacheBudget != null) {
            System.setProperty("lxt4j.widenCacheBytes", cacheBudget.toString());
        }
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var x = Var.leaf(
                    Nd.random(new Random(4), 3, 64).tensor(io.github.lxt4j.tensor.Backends.djl(), DType.FLOAT32));
            Var y = checkpointed ? Checkpoint.run1(segment, x) : segment.apply(x);
            y.backward(y);
            assertTrue(x.grad().sumAll().item() != 0, "relevance reached the input");
        } finally {
            System.clearProperty("lxt4j.widenCacheBytes");
        }
        return w.widenings();
    }

    /** With a WidenCache budget, the recomputed forward and the relevance pass of a segment share one widening. */
    @org.junit.jupiter.api.Test
    void aCheckpointedSegmentWidensAStoredWeightOnceForItsRecomputeAndItsRelevancePass() {
        assertEquals(2, widenings(false, null), "forward + relevance pass");
        assertEquals(
                2, widenings(true, 1L << 20), "forward + recompute; the relevance pass reuses the recompute's copy");
        assertEquals(3, widenings(true, null), "by default (budget 0) every use widens");
    }
}
