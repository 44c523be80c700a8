package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeightFormatTest {
    @Test
    void parsesCliNames() {
        assertEquals(WeightFormat.F32, WeightFormat.parse("f32"));
        assertEquals(WeightFormat.BF16, WeightFormat.parse(" BF16 "));
        assertEquals(WeightFormat.F16, WeightFormat.parse("f16"));
        assertEquals(WeightFormat.INT8, WeightFormat.parse("int8"));
        assertEquals(WeightFormat.NF4, WeightFormat.parse("nf4"));
        assertEquals(WeightFormat.FP4, WeightFormat.parse("Fp4"));
        assertEquals("nf4", WeightFormat.NF4.cliName());
        assertTrue(WeightFormat.NF4.isQuantized() && WeightFormat.FP4.isQuantized() && WeightFormat.INT8.isQuantized());
        assertFalse(
                WeightFormat.F32.isQuantized() || WeightFormat.BF16.isQuantized() || WeightFormat.F16.isQuantized());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightFormat.parse("int4"));
        assertTrue(
                e.getMessage().contains("'int4'") && e.getMessage().contains("f32|bf16|f16|int8|nf4|fp4"),
                e.getMessage());
    }
}
