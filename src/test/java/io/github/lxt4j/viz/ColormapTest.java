package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColormapTest {
    private final Colormap bwr = Colormap.BWR;

    @Test
    void endpointsAndMidpoint() {
        assertArrayEquals(new int[] {0, 0, 255}, bwr.rgbComponents(-1));
        assertArrayEquals(new int[] {255, 255, 255}, bwr.rgbComponents(0));
        assertArrayEquals(new int[] {255, 0, 0}, bwr.rgbComponents(1));
        assertEquals(0x0000FF, bwr.rgb(-1));
        assertEquals(0xFFFFFF, bwr.rgb(0));
        assertEquals(0xFF0000, bwr.rgb(1));
    }

    @Test
    void interpolatesLinearlyWithinEachHalf() {
        // 0.5: g = b = 255 * (1 - 0.5) = 127.5, rounded to 128
        assertArrayEquals(new int[] {255, 128, 128}, bwr.rgbComponents(0.5));
        // -0.5: r = g = 255 * 0.5 = 127.5 -> 128
        assertArrayEquals(new int[] {128, 128, 255}, bwr.rgbComponents(-0.5));
        // 0.2: 255 * 0.8 = 204
        assertArrayEquals(new int[] {255, 204, 204}, bwr.rgbComponents(0.2));
        // -0.8: 255 * 0.2 = 51
        assertArrayEquals(new int[] {51, 51, 255}, bwr.rgbComponents(-0.8));
        // -0.25: 255 * 0.75 = 191.25 -> 191
        assertArrayEquals(new int[] {191, 191, 255}, bwr.rgbComponents(-0.25));
        assertArrayEquals(new double[] {1, 0.75, 0.75}, bwr.rgbUnit(0.25), 1e-15);
        assertArrayEquals(new double[] {0.1, 0.1, 1}, bwr.rgbUnit(-0.9), 1e-12);
    }

    @Test
    void clampsOutOfRangeValues() {
        assertEquals(0xFF0000, bwr.rgb(7.5));
        assertEquals(0x0000FF, bwr.rgb(-3));
        assertEquals(0xFF0000, bwr.rgb(Double.POSITIVE_INFINITY));
    }

    @Test
    void nanIsRejected() {
        InvalidRelevanceException e = assertThrows(InvalidRelevanceException.class, () -> bwr.rgb(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void awtColorAndHex() {
        assertEquals(new Color(255, 128, 128), bwr.color(0.5));
        assertEquals("#ff8080", Colormap.hex(bwr.rgb(0.5)));
        assertEquals("#0000ff", Colormap.hex(bwr.rgb(-1)));
        assertEquals("bwr", bwr.name());
    }

    @Test
    void matchesTheHandWrittenFormulaEverywhere() {
        for (int i = -100; i <= 100; i++) {
            double v = i / 100.0;
            assertArrayEquals(BwrFormula.rgb(v), bwr.rgbComponents(v), "value " + v);
        }
    }
}
