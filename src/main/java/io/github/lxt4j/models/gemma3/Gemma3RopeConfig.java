package io.github.lxt4j.models.gemma3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RopeScaling.UnsupportedRopeException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Gemma 3's two RoPE schedules, one per {@link LayerType}. HF v5: {@code rope_parameters} keyed by layer type
 * ({@code {"full_attention": {...}, "sliding_attention": {...}}}), a legacy {@code rope_scaling} merged into the
 * full-attention entry. HF v4: {@code rope_theta} with {@code rope_scaling} for the global (full) layers,
 * {@code rope_local_base_freq} with no scaling for the sliding ones. Defaults: θ = 1e6 global, 1e4 local.
 */
final class Gemma3RopeConfig {
    static final double DEFAULT_GLOBAL_THETA = 1_000_000.0;
    static final double DEFAULT_LOCAL_THETA = 10_000.0;

    private Gemma3RopeConfig() {}

    /**
     * The schedule of each layer type in {@code used}.
     *
     * @param t the text config
     * @param where {@code ""} or {@code "text_config."}, for messages
     */
    static Map<LayerType, RopeScaling> parse(JsonConfig t, String where, long maxPositions, Set<LayerType> used) {
        double partial = t.optDouble("partial_rotary_factor", 1.0);
        if (partial != 1.0) {
            throw new UnsupportedRopeException(t.source() + ": " + where + "partial_rotary_factor = " + partial
                    + " is not supported by Gemma 3 (only 1.0)");
        }
        Map<LayerType, RopeScaling> out = new EnumMap<>(LayerType.class);
        boolean v5 = t.has("rope_parameters") && !t.isNull("rope_parameters");
        JsonConfig params = v5 ? t.object("rope_parameters") : null;
        if (v5 && !params.has(LayerType.FULL.hfName()) && !params.has(LayerType.SLIDING.hfName())) {
            throw new ConfigException(t.source() + ": " + where + "rope_parameters must be keyed by layer type ("
                    + LayerType.FULL.hfName() + ", " + LayerType.SLIDING.hfName() + ") for Gemma 3, found fields "
                    + params.fieldNames());
        }
        for (LayerType type : used) {
            out.put(type, v5 ? fromV5(t, params, type, where, maxPositions) : fromV4(t, type, where, maxPositions));
        }
        return out;
    }

    private static RopeScaling fromV5(JsonConfig t, JsonConfig params, LayerType type, String where, long maxPos) {
        String field = "rope_parameters." + type.hfName();
        if (!params.has(type.hfName()) || params.isNull(type.hfName())) {
            throw new ConfigException(t.source() + ": " + where + "rope_parameters has no entry '" + type.hfName()
                    + "', which layer_types uses");
        }
        JsonConfig entry = params.object(type.hfName());
        if (type == LayerType.FULL && t.has("rope_scaling") && !t.isNull("rope_scaling")) {
            // HF v5 updates the full-attention entry with a legacy rope_scaling
            ObjectNode merged = ((ObjectNode) entry.raw()).deepCopy();
            merged.setAll((ObjectNode) t.object("rope_scaling").raw());
            entry = JsonConfig.of(merged, t.source());
            field = "rope_parameters." + type.hfName() + " + rope_scaling";
        }
        double theta = entry.has("rope_theta") && !entry.isNull("rope_theta")
                ? entry.requireDouble("rope_theta")
                : legacyTheta(t, type);
        return schedule(t, entry, where + field, theta, maxPos);
    }

    private static RopeScaling fromV4(JsonConfig t, LayerType type, String where, long maxPos) {
        double theta = legacyTheta(t, type);
        if (type == LayerType.SLIDING || !t.has("rope_scaling") || t.isNull("rope_scaling")) {
            return RopeScaling.defaults(positiveTheta(t, where + thetaField(type), theta));
        }
        return schedule(t, t.object("rope_scaling"), where + "rope_scaling", theta, maxPos);
    }

    private static double legacyTheta(JsonConfig t, LayerType type) {
        return type == LayerType.FULL
                ? t.optDouble("rope_theta", DEFAULT_GLOBAL_THETA)
                : t.optDouble("rope_local_base_freq", DEFAULT_LOCAL_THETA);
    }

    private static String thetaField(LayerType type) {
        return type == LayerType.FULL ? "rope_theta" : "rope_local_base_freq";
    }

    private static double positiveTheta(JsonConfig t, String field, double theta) {
        return ConfigChecks.positiveFinite(t, field, theta);
    }

    private static RopeScaling schedule(JsonConfig t, JsonConfig p, String where, double theta, long maxPos) {
        theta = positiveTheta(t, where + ".rope_theta", theta);
        if (p.optDouble("partial_rotary_factor", 1.0) != 1.0) {
            throw new UnsupportedRopeException(t.source() + ": " + where + ".partial_rotary_factor = "
                    + p.optDouble("partial_rotary_factor", 1.0) + " is not supported by Gemma 3 (only 1.0)");
        }
        String type = p.has("rope_type") ? p.requireString("rope_type") : p.optString("type", "default");
        switch (type) {
            case "default":
                return RopeScaling.defaults(theta);
            case "linear":
                return RopeScaling.linear(theta, factor(t, p, where, "factor"));
            case "dynamic":
                return RopeScaling.dynamic(theta, factor(t, p, where, "factor"), maxPos);
            case "llama3":
                return RopeScaling.llama3(
                        theta,
                        factor(t, p, where, "factor"),
                        factor(t, p, where, "low_freq_factor"),
                        factor(t, p, where, "high_freq_factor"),
                        ConfigChecks.positive(
                                t,
                                where + ".original_max_position_embeddings",
                                p.requireLong("original_max_position_embeddings")));
            default:
                throw new UnsupportedRopeException("unsupported rope type '" + type + "' in " + where + " of "
                        + t.source() + ": Gemma 3 supports default, linear, dynamic and llama3");
        }
    }

    private static double factor(JsonConfig t, JsonConfig p, String where, String field) {
        return ConfigChecks.positiveFinite(t, where + "." + field, p.requireDouble(field));
    }
}
