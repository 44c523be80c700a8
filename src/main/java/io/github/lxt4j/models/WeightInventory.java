package io.github.lxt4j.models;

import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The weights of a model's linear layers and embedding tables in their storage form, by checkpoint key. */
public final class WeightInventory {
    private WeightInventory() {}

    /** Every Linear and Embedding weight under {@code root}, in module order; a tied head appears once. */
    public static Map<String, StoredWeight> of(Module root) {
        Map<String, StoredWeight> out = new LinkedHashMap<>();
        collect(root, out);
        return out;
    }

    /** The storage bytes of {@link #of} summed per format. */
    public static Map<WeightFormat, Long> bytesPerFormat(Module root) {
        Map<WeightFormat, Long> bytes = new EnumMap<>(WeightFormat.class);
        for (StoredWeight w : of(root).values()) {
            bytes.merge(w.format(), w.storageBytes(), Long::sum);
        }
        return bytes;
    }

    private static void collect(Module m, Map<String, StoredWeight> out) {
        StoredWeight w = m instanceof Linear l ? l.weight() : m instanceof Embedding e ? e.weight() : null;
        if (w != null && !out.containsValue(w)) {
            out.put(w.name(), w);
        }
        for (Module c : m.children()) {
            collect(c, out);
        }
    }
}
