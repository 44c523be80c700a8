package io.github.lxt4j.models.llama;

import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RopeScaling.UnsupportedRopeException;
import java.util.Optional;

/**
 * Reads RoPE settings from both config styles: v5 {@code rope_parameters}; v4 {@code rope_theta} +
 * {@code rope_scaling}. Public for the families built on the LLaMA decoder that parse their own config (Qwen3,
 * Qwen3-MoE).
 */
public final class RopeConfig {
    private RopeConfig() {}

    private static double factor(JsonConfig params, String field) {
        return ConfigChecks.positiveFinite(params, field, params.requireDouble(field));
    }

    /**
     * The RoPE of {@code c}.
     *
     * @param maxPositions the config's {@code max_position_embeddings} (dynamic NTK scaling compares lengths with it)
     * @throws UnsupportedRopeException for a rope type or {@code partial_rotary_factor} lxt4j does not implement
     * @throws ConfigException for a missing or non-positive scaling field
     */
    public static RopeScaling parse(JsonConfig c, long maxPositions) {
        JsonConfig params;
        String where;
        double theta;
        if (c.has("rope_parameters") && !c.isNull("rope_parameters")) {
            params = c.object("rope_parameters");
            where = "rope_parameters";
            theta = ConfigChecks.positiveFinite(
                    params, "rope_theta", params.optDouble("rope_theta", c.optDouble("rope_theta", 10000.0)));
        } else {
            theta = ConfigChecks.positiveFinite(c, "rope_theta", c.optDouble("rope_theta", 10000.0));
            Optional<JsonConfig> scaling = c.has("rope_scaling") && !c.isNull("rope_scaling")
                    ? Optional.of(c.object("rope_scaling"))
                    : Optional.empty();
            if (scaling.isEmpty()) {
                return RopeScaling.defaults(theta);
            }
            params = scaling.get();
            where = "rope_scaling";
        }
        String type = params.has("rope_type") ? params.requireString("rope_type") : params.optString("type", "default");
        double partial = c.optDouble("partial_rotary_factor", params.optDouble("partial_rotary_factor", 1.0));
        if (partial != 1.0) {
            throw new UnsupportedRopeException(
                    "partial_rotary_factor = " + partial + " in " + c.source() + " is not supported (only 1.0)");
        }
        switch (type) {
            case "default":
                return RopeScaling.defaults(theta);
            case "linear":
                return RopeScaling.linear(theta, factor(params, "factor"));
            case "dynamic":
                // HF's dynamic NTK compares the length with max_position_embeddings and ignores
                // original_max_position_embeddings (rope_utils' own TODO)
                return RopeScaling.dynamic(theta, factor(params, "factor"), maxPositions);
            case "llama3":
                return RopeScaling.llama3(
                        theta,
                        factor(params, "factor"),
                        factor(params, "low_freq_factor"),
                        factor(params, "high_freq_factor"),
                        ConfigChecks.positive(
                                params,
                                "original_max_position_embeddings",
                                params.requireLong("original_max_position_embeddings")));
            default:
                throw new UnsupportedRopeException("unsupported rope type '" + type + "' in " + where + " of "
                        + c.source() + ": expected default, linear, dynamic or llama3");
        }
    }
}
