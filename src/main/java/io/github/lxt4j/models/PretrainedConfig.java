package io.github.lxt4j.models;

import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The config of a checkpoint folder, parsed once: HF's {@code config.json}, or OpenCLIP's
 * {@code open_clip_config.json} where the folder is an OpenCLIP one (that config file with
 * {@code open_clip_model.safetensors}, or without a {@code config.json}). Family loaders take this instead of
 * reading the file again.
 *
 * @param folder the checkpoint folder
 * @param fileName {@link #CONFIG_JSON} or {@link #OPEN_CLIP_CONFIG}
 * @param json the parsed file
 */
public record PretrainedConfig(Path folder, String fileName, JsonConfig json) {
    public static final String CONFIG_JSON = "config.json";
    public static final String OPEN_CLIP_CONFIG = "open_clip_config.json";
    /** The model type lxt4j gives OpenCLIP configs, which have no {@code model_type} field. */
    public static final String OPEN_CLIP_TYPE = "open_clip";

    public PretrainedConfig {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(json, "json");
    }

    /**
     * Reads the folder's config: {@code open_clip_config.json} for an OpenCLIP folder, else {@code config.json}.
     *
     * @throws ModelLoadException if {@code folder} is not a directory
     * @throws ConfigException if it has neither config, or the file is not a JSON object
     */
    public static PretrainedConfig read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("model folder " + folder + " does not exist or is not a directory");
        }
        if (isOpenClipFolder(folder)) {
            return new PretrainedConfig(folder, OPEN_CLIP_CONFIG, JsonConfig.read(folder.resolve(OPEN_CLIP_CONFIG)));
        }
        if (!Files.isRegularFile(folder.resolve(CONFIG_JSON))) {
            throw new ConfigException("config.json not found in " + folder + " (nor OpenCLIP's " + OPEN_CLIP_CONFIG
                    + "): expected a Hugging Face or OpenCLIP checkpoint folder");
        }
        return configJson(folder);
    }

    /** Reads {@code folder/config.json} only, or throws a {@link ConfigException} naming the folder. */
    public static PretrainedConfig configJson(Path folder) {
        return new PretrainedConfig(folder, CONFIG_JSON, ModelBuilder.readConfig(folder));
    }

    /**
     * Whether {@code folder} is read as OpenCLIP: it has {@code open_clip_config.json}, and either
     * {@code open_clip_model.safetensors} or no {@code config.json} (where both pairs are present, OpenCLIP wins).
     */
    public static boolean isOpenClipFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(OPEN_CLIP_CONFIG))
                && (Files.isRegularFile(folder.resolve("open_clip_model.safetensors"))
                        || !Files.isRegularFile(folder.resolve(CONFIG_JSON)));
    }

    /** Whether this is OpenCLIP's {@code open_clip_config.json}. */
    public boolean isOpenClip() {
        return fileName.equals(OPEN_CLIP_CONFIG);
    }

    /** {@code model_type} of a {@code config.json} (required); {@link #OPEN_CLIP_TYPE} for an OpenCLIP config. */
    public String modelType() {
        return isOpenClip() ? OPEN_CLIP_TYPE : json.requireString("model_type");
    }

    /** The file this config was read from, for messages. */
    public String source() {
        return json.source();
    }
}
