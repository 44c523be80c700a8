package io.github.lxt4j.io.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.io.images.PillowResampler.Filter;
import org.junit.jupiter.api.Test;

/**
 * Golden values from Pillow 12.3 ({@code Image.fromarray(pattern).resize((W, H), filter)}, with the pattern of
 * {@link ImagePreprocessorTest#pattern}): the sum of all values, Σ value·(flat HWC index) mod 1000003, and the pixels
 * at (0,0), (W-1,H-1) and (W/3, H/2). Bicubic is {@link ImagePreprocessorTest#resizeIsPillowExact}.
 */
class PillowResamplerTest {

    static final long[][] BILINEAR = {
        {45, 30, 48, 32, 563184, 887048, 0, 0, 13, 155, 231, 241, 207, 21, 61},
        {80, 100, 32, 40, 485447, 9380, 48, 5, 20, 124, 165, 127, 167, 79, 134},
        {20, 20, 32, 32, 345076, 769325, 0, 0, 13, 144, 162, 236, 76, 66, 173},
        {33, 47, 7, 13, 33889, 720437, 103, 13, 39, 109, 101, 127, 133, 165, 139},
        {300, 200, 224, 224, 19081727, 10081, 11, 0, 13, 185, 116, 51, 166, 99, 158},
        {640, 480, 224, 224, 19153978, 500540, 53, 4, 19, 187, 161, 153, 136, 99, 127},
    };
    static final long[][] LANCZOS = {
        {45, 30, 48, 32, 563469, 498337, 0, 0, 13, 155, 232, 246, 205, 18, 54},
        {80, 100, 32, 40, 485416, 942760, 34, 3, 17, 132, 172, 138, 176, 63, 134},
        {20, 20, 32, 32, 345015, 614348, 0, 0, 13, 148, 165, 255, 77, 66, 171},
        {33, 47, 7, 13, 33849, 716641, 102, 8, 29, 114, 97, 124, 127, 169, 139},
        {300, 200, 224, 224, 19081320, 285204, 6, 0, 13, 190, 103, 51, 163, 99, 180},
        {640, 480, 224, 224, 19150183, 600686, 36, 3, 17, 203, 159, 157, 136, 98, 132},
    };
    static final long[][] BOX = {
        {45, 30, 48, 32, 559360, 402059, 0, 0, 13, 155, 231, 241, 208, 14, 52},
        {80, 100, 32, 40, 487200, 948079, 48, 5, 20, 149, 187, 123, 158, 62, 136},
        {20, 20, 32, 32, 345856, 529840, 0, 0, 13, 144, 162, 236, 76, 66, 177},
        {33, 47, 7, 13, 33805, 722287, 91, 11, 34, 102, 114, 129, 148, 192, 146},
        {300, 200, 224, 224, 19098016, 310244, 0, 0, 13, 196, 142, 8, 155, 117, 193},
        {640, 480, 224, 224, 19213722, 215400, 43, 4, 17, 198, 161, 162, 165, 99, 136},
    };
    static final long[][] HAMMING = {
        {45, 30, 48, 32, 563725, 134927, 0, 0, 13, 155, 231, 241, 208, 15, 52},
        {80, 100, 32, 40, 485440, 310295, 40, 4, 18, 132, 173, 119, 188, 60, 134},
        {20, 20, 32, 32, 345086, 738719, 0, 0, 13, 144, 162, 236, 76, 66, 175},
        {33, 47, 7, 13, 33937, 716876, 91, 10, 34, 97, 102, 129, 146, 181, 143},
        {300, 200, 224, 224, 19079570, 988266, 6, 0, 13, 190, 129, 31, 164, 103, 174},
        {640, 480, 224, 224, 19148589, 823656, 45, 4, 17, 195, 160, 162, 144, 90, 124},
    };

    private static void check(Filter filter, long[][] golden) {
        for (long[] g : golden) {
            int ww = (int) g[2];
            int hh = (int) g[3];
            RgbImage out =
                    PillowResampler.resize(ImagePreprocessorTest.pattern((int) g[0], (int) g[1]), ww, hh, filter);
            long sum = 0;
            long weighted = 0;
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < ww; x++) {
                    for (int c = 0; c < 3; c++) {
                        long v = out.get(x, y, c);
                        sum += v;
                        weighted += v * ((long) (y * ww + x) * 3 + c);
                    }
                }
            }
            String what = filter + " " + g[0] + "x" + g[1] + " -> " + ww + "x" + hh;
            assertEquals(g[4], sum, what + " sum");
            assertEquals(g[5], weighted % 1000003, what + " weighted checksum");
            int[][] at = {{0, 0}, {ww - 1, hh - 1}, {ww / 3, hh / 2}};
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(g[6 + 3 * i + c], out.get(at[i][0], at[i][1], c), what + " pixel " + i + " c" + c);
                }
            }
        }
    }

    @Test
    void bilinearIsPillowExact() {
        check(Filter.BILINEAR, BILINEAR);
    }

    @Test
    void lanczosBoxAndHammingArePillowExact() {
        check(Filter.LANCZOS, LANCZOS);
        check(Filter.BOX, BOX);
        check(Filter.HAMMING, HAMMING);
    }

    @Test
    void pillowCodesNameTheFilters() {
        assertEquals(Filter.LANCZOS, Filter.ofPillowCode(1));
        assertEquals(Filter.BILINEAR, Filter.ofPillowCode(2));
        assertEquals(Filter.BICUBIC, Filter.ofPillowCode(3));
        assertEquals(Filter.BOX, Filter.ofPillowCode(4));
        assertEquals(Filter.HAMMING, Filter.ofPillowCode(5));
        assertThrows(IllegalArgumentException.class, () -> Filter.ofPillowCode(0), "nearest is no convolution");
        assertThrows(IllegalArgumentException.class, () -> Filter.ofPillowCode(6));
    }
}
