package io.github.lxt4j;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes of memory as people write them: a number of bytes, or a number with a binary unit, as Java's {@code -Xmx}
 * reads them: {@code 512k}, {@code 512M}, {@code 9g}, {@code 9G}, {@code 9GiB}, {@code 1.5t} (k, m, g, t are 2^10,
 * 2^20, 2^30, 2^40 bytes, in either case, with an optional {@code iB}). {@code 9GB} is refused as ambiguous (SI reads
 * it as 9·10^9).
 */
public final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtKMGT])(iB|ib|IB|Ib)?|([bB]))?");

    private MemorySize() {}

    /**
     * The bytes of {@code text}.
     *
     * @param option what the size was given as, for the message ({@code --memory-budget})
     * @throws InvalidSizeException naming {@code option}, what was expected and what was given
     */
    public static long parse(String option, String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim());
        if (m == null || !m.matches()) {
            String hint = text != null && text.trim().matches("(?i)\\d+(\\.\\d+)?\\s*[kmgt]b")
                    ? " (decimal units are ambiguous: write " + text.trim().replaceAll("(?i)b$", "") + " or "
                            + text.trim().replaceAll("(?i)b$", "iB") + " for binary units)"
                    : "";
            throw new InvalidSizeException(option + " expects a memory size such as 9g, 9GiB, 512M or a number of"
                    + " bytes, got '" + text + "'" + hint);
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
        BigDecimal bytes =
                new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidSizeException(option + " " + text + " is larger than any memory (at most 2^63 - 1 bytes)");
        }
        return bytes.longValue();
    }

    /** {@code bytes} for people: {@code 9.00 GiB}, {@code 512.0 MiB}, {@code 100 B}. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }

    /** A memory size that cannot be read. */
    public static final class InvalidSizeException extends Lxt4jException {
        public InvalidSizeException(String message) {
            super(message);
        }
    }
}
