package io.github.lxt4j.viz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the bytes of a token sequence as one UTF-8 stream and gives each decoded character to the token that
 * holds its first byte. A character split over several tokens (an emoji as four byte tokens) thus lands on the first
 * of them and the others become empty; joining the results yields the decoded text. Ill-formed bytes become U+FFFD,
 * one per byte, as Hugging Face's {@code decode(errors="replace")} does.
 */
final class AttributedUtf8Decoder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int[] owner = new int[16];

    /** Appends the bytes of token {@code token}. */
    void add(int token, byte[] tokenBytes) {
        for (byte b : tokenBytes) {
            add(token, b & 0xFF);
        }
    }

    /** Appends one byte of token {@code token}. */
    void add(int token, int b) {
        int n = bytes.size();
        if (n == owner.length) {
            owner = Arrays.copyOf(owner, 2 * n);
        }
        owner[n] = token;
        bytes.write(b);
    }

    /** Decodes everything added so far into {@code tokenCount} strings. */
    String[] decode(int tokenCount) {
        StringBuilder[] out = new StringBuilder[tokenCount];
        for (int i = 0; i < tokenCount; i++) {
            out[i] = new StringBuilder();
        }
        byte[] b = bytes.toByteArray();
        int i = 0;
        while (i < b.length) {
            int len = wellFormedLength(b, i);
            if (len == 0) {
                out[owner[i]].append('\uFFFD');
                i++;
            } else {
                out[owner[i]].append(new String(b, i, len, StandardCharsets.UTF_8));
                i += len;
            }
        }
        String[] result = new String[tokenCount];
        for (int t = 0; t < tokenCount; t++) {
            result[t] = out[t].toString();
        }
        return result;
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (Unicode table 3-7), or 0 if there is none. */
    private static int wellFormedLength(byte[] b, int i) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + len > b.length) {
            return 0;
        }
        for (int k = 1; k < len; k++) {
            int c = b[i + k] & 0xFF;
            if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) {
                return 0;
            }
        }
        return len;
    }
}
