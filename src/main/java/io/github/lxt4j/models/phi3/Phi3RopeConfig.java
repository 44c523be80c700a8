package io.github.lxt4j.models.phi3;

import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RopeScaling.UnsupportedRopeException;

/**
 * Phi-3's RoPE settings as HF's {@code Phi3Config} reads them: a non-empty {@code rope_scaling} (v4) wins over
 * {@code rope_parameters} (v5); in it {@code rope_type} (or {@code type}) is {@code default} or {@code longrope}
 * ({@code su} and {@code yarn} are old names of longrope); {@code rope_theta} and {@code partial_rotary_factor} are
 * read there first, then at the top level. Longrope's original context is always the top-level
 * {@code original_max_position_embeddings} (default 4096), which HF copies over the one in the rope dict.
 *
 * @param scaling the frequency schedule
 * @param rotaryDim the leading dims of each head that rotate: {@code int(head_dim · partial_rotary_factor)}
 */
record Phi3RopeConfig(RopeScaling scaling, int rotaryDim) {

    static final long DEFAULT_ORIGINAL_MAX = 4096;

    static Phi3RopeConfig parse(JsonConfig c, int headDim, long maxPositions) {
        String where = ropeDictField(c);
        JsonConfig params = where == null ? c : c.object(where);
        double theta = ConfigChecks.positiveFinite(
                c, name(where, "rope_theta"), params.optDouble("rope_theta", c.optDouble("rope_theta", 10000.0)));
        boolean inDict =
                where != null && params.has("partial_rotary_factor") && !params.isNull("partial_rotary_factor");
        double partial =
                inDict ? params.requireDouble("partial_rotary_factor") : c.optDouble("partial_rotary_factor", 1.0);
        if (!(partial > 0 && partial <= 1)) {
            throw new ConfigException(c.source() + ": field '"
                    + (inDict ? name(where, "partial_rotary_factor") : "partial_rotary_factor")
                    + "' must be in (0, 1], found " + partial);
        }
        int rotaryDim = (int) (headDim * partial);
        if (rotaryDim < 2 || rotaryDim % 2 != 0) {
            throw new ConfigException(c.source() + ": partial_rotary_factor = " + partial + " of head_dim " + headDim
                    + " gives rotary dimension " + rotaryDim + ": it must be even and at least 2");
        }
        String type = where == null
                ? "default"
                : params.has("rope_type") && !params.isNull("rope_type")
                        ? params.requireString("rope_type")
                        : params.optString("type", "default");
        switch (type) {
            case "default":
                return new Phi3RopeConfig(RopeScaling.defaults(theta), rotaryDim);
            case "longrope":
            case "su":
            case "yarn":
                return new Phi3RopeConfig(longrope(c, where, theta, rotaryDim, maxPositions), rotaryDim);
            default:
                throw new UnsupportedRopeException("unsupported rope type '" + type + "' in "
                        + name(where, "rope_type") + " of " + c.source()
                        + ": Phi-3 takes default or longrope (su and yarn are read as longrope)");
        }
    }

    /** Longrope from the rope dict {@code where} ({@code rope_scaling} or {@code rope_parameters}). */
    private static RopeScaling longrope(JsonConfig c, String where, double theta, int rotaryDim, long maxPositions) {
        JsonConfig params = c.object(where);
        long original = ConfigChecks.positive(
                c,
                "original_max_position_embeddings",
                c.optLong("original_max_position_embeddings", DEFAULT_ORIGINAL_MAX));
        double[] shortFactor = factors(c, where, "short_factor", rotaryDim);
        double[] longFactor = factors(c, where, "long_factor", rotaryDim);
        double factor = params.has("factor") && !params.isNull("factor")
                ? ConfigChecks.positiveFinite(c, name(where, "factor"), params.requireDouble("factor"))
                : maxPositions / (double) original;
        double attention = params.has("attention_factor") && !params.isNull("attention_factor")
                ? ConfigChecks.positiveFinite(
                        c, name(where, "attention_factor"), params.requireDouble("attention_factor"))
                : RopeScaling.longropeAttentionFactor(factor, original);
        return RopeScaling.longrope(theta, shortFactor, longFactor, original, attention);
    }

    private static double[] factors(JsonConfig c, String where, String field, int rotaryDim) {
        double[] f = c.object(where).doubleList(field);
        if (f.length != rotaryDim / 2) {
            throw new ConfigException(c.source() + ": field '" + name(where, field) + "' has " + f.length
                    + " values, expected " + rotaryDim / 2 + " (one per rotary frequency, rotary dimension "
                    + rotaryDim + ")");
        }
        for (int i = 0; i < f.length; i++) {
            ConfigChecks.positiveFinite(c, name(where, field) + "[" + i + "]", f[i]);
        }
        return f;
    }

    /** {@code rope_scaling} when it is a non-empty object, else {@code rope_parameters} if set, else null. */
    private static String ropeDictField(JsonConfig c) {
        for (String field : new String[] {"rope_scaling", "rope_parameters"}) {
            if (c.has(field)
                    && !c.isNull(field)
                    && !c.object(field).fieldNames().isEmpty()) {
                return field;
            }
        }
        return null;
    }

    private static String name(String where, String field) {
        return where == null ? field : where + "." + field;
    }
}
