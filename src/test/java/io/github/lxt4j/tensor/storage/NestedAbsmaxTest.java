package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Double quantization against an independent implementation of bitsandbytes' documented steps (quantize_4bit with
 * compress_statistics: offset = mean, blockwise 8-bit over 256 values of absmax - offset with the nearest code of
 * the dynamic map; dequantize: code[q] * nested absmax + offset).
 */
class NestedAbsmaxTest {

    @Test
    void matchesTheDocumentedStepsOnRandomScales() {
        Random r = new Random(11);
        int n = 600; // two full nested blocks and a partial one
        float[] absmax = new float[n];
        for (int i = 0; i < n; i++) {
            absmax[i] = (float) Math.abs(r.nextGaussian() * 0.05 + 0.1);
        }
        NestedAbsmax nested = NestedAbsmax.quantize(absmax, 256);
        double sum = 0;
        for (float a : absmax) {
            sum += a;
        }
        float offset = (float) (sum / n);
        assertEquals(offset, nested.offset(), 0f);
        float[] code = DynamicMap.code();
        float[] a2 = new float[3];
        for (int b = 0; b < 3; b++) {
            for (int i = b * 256; i < Math.min(n, (b + 1) * 256); i++) {
                a2[b] = Math.max(a2[b], Math.abs(absmax[i] - offset));
            }
        }
        assertArrayEquals(a2, nested.nestedAbsmax());
        for (int i = 0; i < n; i++) {
            float x = (absmax[i] - offset) * (1f / a2[i / 256]);
            int best = 0;
            for (int c = 1; c < 256; c++) {
                if (Math.abs(code[c] - x) < Math.abs(code[best] - x)) {
                    best = c;
                }
            }
            assertEquals(best, nested.codes().get(i) & 0xFF, "code of block " + i);
            assertEquals(code[best] * a2[i / 256] + offset, nested.get(i), 0f, "dequantized absmax " + i);
        }
        assertEquals(n + 4 * 3 + 4 * 256 + 4, nested.storageBytes());
    }

    @Test
    void aWeightWithDoubleQuantSharesItsCodesAndDequantizesItsScales() {
        Random r = new Random(2);
        float[] w = new float[64 * 300];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Block4Weight plain = (Block4Weight) StoredWeights.quantize("w", WeightFormat.NF4, w, 300, 64);
        Block4Weight dq = plain.withDoubleQuant();
        assertArrayEquals(plain.packedCodes(), dq.packedCodes());
        assertSame(dq, dq.withDoubleQuant());
        NestedAbsmax nested = (NestedAbsmax) dq.absmaxStorage();
        float[] scales = dq.blockAbsmax();
        float[] values = dq.codeValues();
        float[] d = dq.dequantize();
        byte[] p = dq.packedCodes();
        for (int i = 0; i < w.length; i++) {
            int c = (i & 1) == 0 ? (p[i >> 1] >> 4) & 0xF : p[i >> 1] & 0xF;
            assertEquals(values[c] * nested.get(i / 64), d[i], 0f, "element " + i);
            assertEquals(scales[i / 64], nested.get(i / 64), 0f);
        }
        assertNotEquals(plain.blockAbsmax()[0], scales[0], "the scales were quantized");
    }
}
