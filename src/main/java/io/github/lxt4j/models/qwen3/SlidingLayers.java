package io.github.lxt4j.models.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Which layers of a Qwen3 / Qwen3-MoE config use a sliding window, as HF decides it. The window is
 * {@code sliding_window} (HF's default 4096 when the field is absent; none when it is null) and only counts with
 * {@code use_sliding_window: true}. A {@code layer_types} list names each layer's attention; without one, Qwen3
 * slides in layers {@code i >= max_window_layers} (default 28) and Qwen3-MoE, whose config has no such field, in
 * every layer.
 */
public final class SlidingLayers {

    static final String FULL = "full_attention";
    static final String SLIDING = "sliding_attention";

    private SlidingLayers() {}

    /**
     * Each layer's window, −1 for full attention.
     *
     * @param everyLayer whether, without {@code layer_types}, a window applies to every layer (Qwen3-MoE) rather
     *     than from {@code max_window_layers} on (Qwen3)
     * @throws ConfigException for a bad window, {@code max_window_layers} or {@code layer_types}, or sliding layers
     *     without a window (HF cannot build their mask either)
     */
    public static List<Long> parse(JsonConfig c, int layers, boolean everyLayer) {
        long window = window(c);
        List<Long> out = new ArrayList<>();
        if (c.has("layer_types") && !c.isNull("layer_types")) {
            JsonNode types = c.raw("layer_types");
            if (!types.isArray() || types.size() != layers) {
                throw new ConfigException(c.source() + ": field 'layer_types' must be a list of " + layers
                        + " entries (num_hidden_layers), found " + types);
            }
            for (int i = 0; i < layers; i++) {
                String t = types.get(i).asText();
                if (!types.get(i).isTextual() || !(t.equals(FULL) || t.equals(SLIDING))) {
                    throw new ConfigException(c.source() + ": field 'layer_types[" + i + "]' is " + types.get(i)
                            + "; supported: '" + FULL + "', '" + SLIDING + "'");
                }
                if (t.equals(SLIDING) && window < 0) {
                    throw new ConfigException(c.source() + ": field 'layer_types[" + i + "]' is '" + SLIDING
                            + "' but there is no window (use_sliding_window = "
                            + c.optBoolean("use_sliding_window", false) + ", sliding_window = "
                            + c.raw("sliding_window") + "): HF cannot build that layer's mask either");
                }
                out.add(t.equals(SLIDING) ? window : -1L);
            }
            return out;
        }
        int from = 0;
        if (!everyLayer) {
            from = c.optInt("max_window_layers", 28);
            if (from < 0) {
                throw new ConfigException(c.source() + ": field 'max_window_layers' must be >= 0, found " + from);
            }
        }
        for (int i = 0; i < layers; i++) {
            out.add(window > 0 && i >= from ? window : -1L);
        }
        return out;
    }

    /** The window when {@code use_sliding_window} is true, else −1. */
    private static long window(JsonConfig c) {
        if (!c.optBoolean("use_sliding_window", false)) {
            return -1;
        }
        if (!c.has("sliding_window")) {
            return 4096;
        }
        return c.isNull("sliding_window")
                ? -1
                : ConfigChecks.positive(c, "sliding_window", c.requireLong("sliding_window"));
    }
}
