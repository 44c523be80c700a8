package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.CountingWeight;
import org.junit.jupiter.api.Test;

class WidenCacheTest {

    private static final Backend BE = Backends.djl();

    @Test
    void withoutACacheEveryUseWidens() {
        CountingWeight w = new CountingWeight("w4", 4, 64, 4);
        try (TensorScope s = TensorScope.open()) {
            assertNotSame(WidenCache.widen(w, BE, DType.FLOAT32), WidenCache.widen(w, BE, DType.FLOAT32));
        }
        assertEquals(2, w.widenings());
    }

    @Test
    void anOpenCacheWidensEachWeightOnceWithinItsBudgetAndDequantizesExactly() {
        CountingWeight small = new CountingWeight("w2", 2, 64, 2); // 2 × 64 × 4 = 512 bytes in float32
        CountingWeight big = new CountingWeight("w8", 8, 64, 8); // 2048 bytes
        try (TensorScope s = TensorScope.open();
                WidenCache cache = WidenCache.open(1024)) {
            Tensor a = WidenCache.widen(small, BE, DType.FLOAT32);
            assertSame(a, WidenCache.widen(small, BE, DType.FLOAT32));
            assertArrayEquals(small.dequantize(), a.toFloatArray());
            assertEquals(512, cache.bytes());
            WidenCache.widen(big, BE, DType.FLOAT32); // over the budget: widened per use, not kept
            WidenCache.widen(big, BE, DType.FLOAT32);
            assertEquals(512, cache.bytes());
            WidenCache.widen(small, BE, DType.FLOAT64); // another dtype: a fresh copy, not cached
        }
        assertEquals(2, small.widenings());
        assertEquals(2, big.widenings());
        try (TensorScope s = TensorScope.open()) {
            WidenCache.widen(small, BE, DType.FLOAT32); // closed: no cache any more
        }
        assertEquals(3, small.widenings());
    }

    @Test
    void cachesNestAndMustBeClosedInnermostFirst() {
        CountingWeight w = new CountingWeight("w2", 2, 64, 2);
        try (TensorScope s = TensorScope.open();
                WidenCache outer = WidenCache.open(1 << 20)) {
            Tensor fromOuter = WidenCache.widen(w, BE, DType.FLOAT32);
            try (WidenCache inner = WidenCache.open(1 << 20)) {
                assertNotSame(fromOuter, WidenCache.widen(w, BE, DType.FLOAT32));
            }
            assertSame(fromOuter, WidenCache.widen(w, BE, DType.FLOAT32));
            WidenCache inner = WidenCache.open(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertEquals("WidenCache closed out of order: close the innermost cache first", e.getMessage());
            inner.close();
        }
        assertEquals(2, w.widenings());
    }
}
