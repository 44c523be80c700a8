package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.SumOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on forwards small enough to compute by hand: seeds, masks, several leaves, latents, conservation. */
class AttributionEngineTest {

    private static final Site ADD = Site.of(OpKind.ADD, "t.add");
    private static final Site MUL = Site.of(OpKind.MUL, "t.mul");
    private static final Site SUM = Site.of(OpKind.SUM, "t.sum");
    private static final double[] X = {1, 2, 3};
    private static final double[] Y = {4, 5, 6};

    private final Backend be = Backends.djl();

    private Var leaf(double[] v) {
        return Var.constant(be.fromDoubles(v, DType.FLOAT64, 1, v.length));
    }

    private static Objective whole(Var value) {
        return Objective.perRow(value, new long[][] {{0}});
    }

    @Test
    void gradientTimesInputSeedsOneAndMultipliesByTheInput() {
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = AttributionEngine.of(Method.GRADIENT_X_INPUT)
                    .leaf("x", leaf(X))
                    .leaf("y", leaf(Y))
                    .run(
                            p -> SumOp.apply(SUM, MulOp.apply(MUL, p.leaf("x"), p.leaf("y")), 1, false),
                            AttributionEngineTest::whole);
            // d(Σ x·y)/dx = y, times x; the same for y
            assertArrayEquals(new double[] {4, 10, 18}, a.relevance("x").toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {4, 10, 18}, a.relevance("y").toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {32}, a.targetValues(), 1e-12);
            assertArrayEquals(new double[] {32}, a.output().toDoubleArray(), 1e-12);
            assertNull(a.conservation());
            assertTrue(a.latent("anything").isEmpty());
        }
    }

    @Test
    void lrpSeedsTheValueSoRelevanceSumsToIt() {
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = AttributionEngine.of(Method.ATTNLRP)
                    .leaf("x", leaf(X))
                    .leaf("y", leaf(Y))
                    .run(
                            p -> SumOp.apply(SUM, AddOp.apply(ADD, p.leaf("x"), p.leaf("y")), 1, false),
                            AttributionEngineTest::whole);
            // ε on a sum of sums: each input keeps its own contribution
            assertArrayEquals(X, a.relevance("x").toDoubleArray(), 1e-9);
            assertArrayEquals(Y, a.relevance("y").toDoubleArray(), 1e-9);
            assertEquals(21, a.targetValues()[0], 1e-12);
        }
    }

    @Test
    void aSeedMaskSeedsOneEntry() {
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            try (TensorScope scope = TensorScope.open()) {
                Attribution a = AttributionEngine.of(m)
                        .leaf("x", leaf(X))
                        .leaf("y", leaf(Y))
                        .run(
                                p -> AddOp.apply(ADD, p.leaf("x"), p.leaf("y")),
                                out -> new Objective(
                                        out,
                                        be.fromDoubles(new double[] {0, 1, 0}, DType.FLOAT64, 1, 3),
                                        new long[][] {{1}},
                                        new double[] {7}));
                // entry 1 = x1 + y1 = 2 + 5: LRP gives x1 its share 2 of the value 7; gradient × input gives 1 · x1
                assertArrayEquals(new double[] {0, 2, 0}, a.relevance("x").toDoubleArray(), 1e-9, m.cliName());
                assertArrayEquals(new double[] {0, 5, 0}, a.relevance("y").toDoubleArray(), 1e-9, m.cliName());
                assertArrayEquals(new double[] {5, 7, 9}, a.output().toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void latentRelevanceAndConservationReport() {
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = AttributionEngine.of(Method.ATTNLRP)
                    .leaf("x", leaf(X))
                    .leaf("y", leaf(Y))
                    .latent(true)
                    .conservation(true)
                    .run(
                            p -> {
                                Var h = AddOp.apply(ADD, p.leaf("x"), p.leaf("y"));
                                p.latentSink("hidden").add(h.retainGrad());
                                return SumOp.apply(SUM, h, 1, false);
                            },
                            AttributionEngineTest::whole);
            List<Tensor> hidden = a.latent("hidden");
            assertEquals(1, hidden.size());
            assertArrayEquals(new double[] {5, 7, 9}, hidden.get(0).toDoubleArray(), 1e-9);
            assertEquals(2, a.conservation().entries().size(), a.conservation().toString());
            assertTrue(
                    a.conservation().violations(1e-9).isEmpty(),
                    a.conservation().toString());
        }
    }

    @Test
    void withoutLatentTheSinkIsAbsent() {
        try (TensorScope scope = TensorScope.open()) {
            boolean[] sinkGiven = {true};
            AttributionEngine.of(Method.ATTNLRP)
                    .leaf("x", leaf(X))
                    .run(
                            p -> {
                                sinkGiven[0] = p.latentSink("hidden") != null;
                                return SumOp.apply(SUM, p.leaf("x"), 1, false);
                            },
                            AttributionEngineTest::whole);
            assertFalse(sinkGiven[0]);
        }
    }

    @Test
    void misuseIsRefusedClearly() {
        try (TensorScope scope = TensorScope.open()) {
            AttributionEngine e = AttributionEngine.of(Method.ATTNLRP).leaf("x", leaf(X));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> e.leaf("x", leaf(Y)))
                    .getMessage()
                    .contains("'x' given twice"));
            assertTrue(assertThrows(
                            IllegalStateException.class,
                            () -> AttributionEngine.of(Method.CP_LRP).run(p -> null, AttributionEngineTest::whole))
                    .getMessage()
                    .contains("no relevance leaves"));
            assertTrue(assertThrows(
                            IllegalArgumentException.class,
                            () -> e.run(p -> p.leaf("pixels"), AttributionEngineTest::whole))
                    .getMessage()
                    .contains("no relevance leaf 'pixels'"));
        }
    }
}
