package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        try (TensorScope s = TensorScope.open(); Tape tape = Tape.record()) {
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
}
