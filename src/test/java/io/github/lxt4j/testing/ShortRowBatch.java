package io.github.lxt4j.testing;

import java.util.Arrays;

/**
 * A padding test's batch of two rows: row 0 cut short by {@code pad} tokens and left-padded back to the full length,
 * row 1 whole, with the matching attention mask.
 *
 * @param shortRow row 0's remaining tokens, unpadded
 * @param batch [2][length], the short row left-padded with 0
 * @param mask [2][length] of 0/1
 */
public record ShortRowBatch(long[] shortRow, long[][] batch, long[][] mask) {

    /** Cuts {@code pad} tokens off the end of {@code full[0]} and left-pads it; {@code full[1]} stays as it is. */
    public static ShortRowBatch of(long[][] full, int pad) {
        int length = full[0].length;
        long[] shortRow = Arrays.copyOf(full[0], length - pad);
        long[][] batch = {new long[length], full[1]};
        long[][] mask = {new long[length], new long[length]};
        System.arraycopy(shortRow, 0, batch[0], pad, shortRow.length);
        Arrays.fill(mask[0], pad, length, 1);
        Arrays.fill(mask[1], 1);
        return new ShortRowBatch(shortRow, batch, mask);
    }
}
