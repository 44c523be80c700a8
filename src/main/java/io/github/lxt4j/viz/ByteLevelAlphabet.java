package io.github.lxt4j.viz;

import java.util.Arrays;

/**
 * GPT-2's {@code bytes_to_unicode} table and its inverse. Printable Latin-1 bytes map to themselves; the other 68
 * bytes (0-32, 127-160, 173) map, in order, to U+0100 onwards, so space (32) is {@code Ġ} and newline (10) is
 * {@code Ċ}.
 */
final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x144];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + shifted++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {}

    /** The byte that {@code c} stands for, or -1 when {@code c} is not in the table. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The table character of byte {@code b} (0-255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** Whether {@code c} is one of the 68 shifted characters (U+0100..U+0143), which only byte-level BPE emits. */
    static boolean isShifted(char c) {
        return c >= 0x100 && c < 0x144;
    }
}
