package io.github.lxt4j.io;

/** Checks of config values read at load time; each failure is a {@link ConfigException} naming the file and field. */
public final class ConfigChecks {
    private ConfigChecks() {}

    /** {@code value} (of {@code field} in {@code c}) if it is at least 1. */
    public static long positive(JsonConfig c, String field, long value) {
        if (value < 1) {
            throw new ConfigException(c.source() + ": field '" + field + "' must be >= 1, found " + value);
        }
        return value;
    }

    /** {@code value} if it is a finite number above 0. */
    public static double positiveFinite(JsonConfig c, String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ConfigException(
                    c.source() + ": field '" + field + "' must be a finite number > 0, found " + value);
        }
        return value;
    }
}
