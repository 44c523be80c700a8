package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ownership: scopes free what they own, keep/adopt move tensors, misuse fails with a clear exception. */
class TensorScopeTest {

    private static final DType F32 = DType.FLOAT32;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#backends")
    void closingTheScopeFreesWhatItOwns(Backend be) {
        Tensor a;
        Tensor b;
        try (TensorScope s = TensorScope.open()) {
            a = be.full(2, F32, 3);
            b = a.mul(a);
            assertTrue(s.owns(a));
            assertTrue(s.owns(b));
            assertEquals(2, s.size());
        }
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#backends")
    void usingAClosedTensorThrowsAClearException(Backend be) {
        try (TensorScope s = TensorScope.open()) {
            Tensor a = be.full(2, F32, 3);
            Tensor b = be.full(1, F32, 3);
            a.close();
            a.close(); // idempotent
            assertTrue(a.isClosed());
            assertFalse(s.owns(a));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.add(b));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> b.add(a));
            assertThrows(IllegalStateException.class, a::toFloatArray);
            assertArrayEquals(new float[] {1, 1, 1}, b.toFloatArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#backends")
    void keepMovesATensorToTheEnclosingScope(Backend be) {
        try (TensorScope outer = TensorScope.open()) {
            Tensor kept;
            Tensor dropped;
            try (TensorScope inner = TensorScope.open()) {
                Tensor x = be.full(3, F32, 2);
                dropped = x.add(1);
                kept = inner.keep(x.mul(x));
                assertFalse(inner.owns(kept));
                assertTrue(outer.owns(kept));
            }
            assertTrue(dropped.isClosed());
            assertFalse(kept.isClosed());
            assertArrayEquals(new float[] {9, 9}, kept.toFloatArray());
            Tensor more = kept.add(1); // usable in the outer scope
            assertTrue(outer.owns(more));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#backends")
    void adoptTakesATensorIntoADetachedScope(Backend be) {
        TensorScope weights = TensorScope.detached();
        Tensor w;
        try (TensorScope s = TensorScope.open()) {
            w = weights.adopt(be.full(0.5, F32, 2, 2));
            assertTrue(weights.owns(w));
            assertFalse(s.owns(w));
            Tensor made = weights.within(() -> be.full(1, F32, 1));
            assertTrue(weights.owns(made));
            assertSame(s, TensorScope.current());
        }
        assertFalse(w.isClosed());
        try (TensorScope s = TensorScope.open()) {
            assertArrayEquals(new float[] {1, 1, 1, 1}, w.mul(2).toFloatArray());
        }
        weights.close();
        assertTrue(w.isClosed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#backends")
    void closingScopesOutOfOrderThrows(Backend be) {
        TensorScope outer = TensorScope.open();
        TensorScope inner = TensorScope.open();
        try {
            be.zeros(F32, 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().contains("innermost"), e.getMessage());
        } finally {
            inner.close();
            outer.close();
        }
        assertFalse(TensorScope.isOpen());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#backends")
    void creatingATensorWithoutAScopeThrows(Backend be) {
        assertFalse(TensorScope.isOpen());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> be.zeros(F32, 2));
        assertTrue(e.getMessage().contains("TensorScope"), e.getMessage());
        Tensor t;
        try (TensorScope s = TensorScope.open()) {
            t = be.zeros(F32, 2);
        }
        assertThrows(IllegalStateException.class, t::neg);
    }
}
