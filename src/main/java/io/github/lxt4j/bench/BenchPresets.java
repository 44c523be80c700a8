package io.github.lxt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Real model shapes for random-weight benchmarks, in the config format each family's loader reads (HF
 * {@code config.json}; for CLIP, OpenCLIP's model config as in {@code open_clip_config.json}'s {@code model_cfg}),
 * or a custom config file of any of those formats.
 */
public final class BenchPresets {
    private BenchPresets() {}

    public static Set<String> names() {
        return new TreeSet<>(AutoModel.presets().keySet());
    }

    /**
     * A preset by name or a config file, checked by its family's parser, with every stack's depth set to
     * {@code layers} when that is not null (see {@link ModelFamily#depth()}).
     */
    public static JsonConfig resolve(String nameOrPath, Integer layers) {
        JsonConfig config = load(nameOrPath);
        ModelFamily family = AutoModel.family(config);
        family.validate(config);
        if (layers == null) {
            return config;
        }
        ObjectNode copy = ((ObjectNode) config.raw()).deepCopy();
        family.depth().set(copy, layers);
        return JsonConfig.of(copy, config.source() + " with --layers " + layers);
    }

    private static JsonConfig load(String nameOrPath) {
        String text = AutoModel.presets().get(nameOrPath);
        if (text != null) {
            try {
                return JsonConfig.of(new ObjectMapper().readTree(text), "preset " + nameOrPath);
            } catch (IOException e) {
                throw new IllegalStateException("preset " + nameOrPath + " is not valid JSON", e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new BenchOptionException(
                    "--config '" + nameOrPath + "' is neither a preset " + names() + " nor a config file");
        }
        return JsonConfig.read(p);
    }
}
