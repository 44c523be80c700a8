package io.github.lxt4j.models;

import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.ModelLocator;
import io.github.lxt4j.io.ModelNotFoundException;
import io.github.lxt4j.models.bert.BertClassifier;
import io.github.lxt4j.models.gemma3.Gemma3ForCausalLM;
import io.github.lxt4j.models.gpt2.Gpt2LMHeadModel;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.models.phi3.Phi3ForCausalLM;
import io.github.lxt4j.models.qwen3.Qwen3ForCausalLM;
import io.github.lxt4j.models.qwen3moe.Qwen3MoeForCausalLM;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.models.vit.ViTForImageClassification;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The model registry: loads any supported checkpoint folder (or a hub id from the local Hugging Face cache). The
 * config is read once ({@link PretrainedConfig}) and handed to the {@link ModelFamily} that accepts its
 * {@code model_type}.
 *
 * <pre>{@code
 * try (PretrainedModel model = AutoModel.fromPretrained("TinyLlama/TinyLlama-1.1B-Chat-v1.0",
 *         LoadOptions.defaults())) {
 *     String kind = model.accept(visitor);
 * }
 * }</pre>
 */
public final class AutoModel {
    /** The registry: one line per family. */
    private static final List<ModelFamily> FAMILIES = List.of(
            LlamaForCausalLM.FAMILY,
            MixtralForCausalLM.FAMILY,
            Phi3ForCausalLM.FAMILY,
            Gemma3ForCausalLM.FAMILY,
            Gpt2LMHeadModel.FAMILY,
            Qwen3ForCausalLM.FAMILY,
            Qwen3MoeForCausalLM.FAMILY,
            T5ForConditionalGeneration.FAMILY,
            ClipModel.FAMILY,
            BertClassifier.BERT,
            BertClassifier.ROBERTA,
            BertClassifier.DISTILBERT,
            ViTForImageClassification.FAMILY);

    private AutoModel() {}

    /** {@link #fromPretrained(String, LoadOptions)} with {@link LoadOptions#defaults()}. */
    public static PretrainedModel fromPretrained(String dirOrHubId) {
        return fromPretrained(dirOrHubId, LoadOptions.defaults());
    }

    /**
     * Loads a folder, or a hub id ({@code org/name}, {@code name}, optionally {@code @revision}) found in the local
     * Hugging Face cache; see {@link ModelLocator#locate(String)}. Nothing is downloaded.
     *
     * @throws ModelNotFoundException saying where it looked and how to download the model
     */
    public static PretrainedModel fromPretrained(String dirOrHubId, LoadOptions options) {
        return fromPretrained(locate(dirOrHubId), options);
    }

    /** {@link #fromPretrained(Path, LoadOptions)} with {@link LoadOptions#defaults()}. */
    public static PretrainedModel fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.defaults());
    }

    /** Loads the checkpoint folder {@code dir}, reading its config once. */
    public static PretrainedModel fromPretrained(Path dir, LoadOptions options) {
        return fromConfig(PretrainedConfig.read(dir), options);
    }

    /** Loads the checkpoint whose config has already been read. */
    public static PretrainedModel fromConfig(PretrainedConfig config, LoadOptions options) {
        return family(config).loader().load(config, options);
    }

    /**
     * The family that loads {@code config}'s model type.
     *
     * @throws UnsupportedModelException naming the type, the file and every supported type
     */
    public static ModelFamily family(PretrainedConfig config) {
        return family(config.modelType(), config.source());
    }

    /**
     * The family of a bare config (a bench preset or config file, not a folder): by {@code model_type}, or an
     * OpenCLIP model config, which has none.
     *
     * @throws UnsupportedModelException for an unknown type; {@link ConfigException} for a
     *     config that is neither
     */
    public static ModelFamily family(JsonConfig config) {
        if (config.has("model_type")) {
            return family(config.requireString("model_type"), config.source());
        }
        if (config.has("model_cfg") || config.has("embed_dim") || config.has("vision_config")) {
            return family(PretrainedConfig.OPEN_CLIP_TYPE, config.source());
        }
        throw new ConfigException(config.source() + ": no 'model_type', and not an OpenCLIP"
                + " model config (embed_dim, vision_cfg, text_cfg)");
    }

    private static ModelFamily family(String type, String source) {
        return FAMILIES.stream()
                .filter(f -> f.accepts(type))
                .findFirst()
                .orElseThrow(() -> new UnsupportedModelException(
                        "unsupported model_type '" + type + "' in " + source + ": lxt4j loads " + supportedTypes()));
    }

    /** Every family's bench presets: name → config JSON. */
    public static Map<String, String> presets() {
        Map<String, String> all = new TreeMap<>();
        FAMILIES.forEach(f -> all.putAll(f.presets()));
        return all;
    }

    /** For messages: the families with {@code capability}, e.g. {@code llama, mixtral}. */
    public static String familiesWith(Capability capability) {
        return FAMILIES.stream()
                .filter(f -> f.capability() == capability)
                .map(ModelFamily::name)
                .collect(Collectors.joining(", "));
    }

    /** The registered families, in dispatch order. */
    public static List<ModelFamily> families() {
        return FAMILIES;
    }

    /** A folder or hub id → the model folder, as {@link #fromPretrained(String, LoadOptions)} resolves it. */
    public static Path locate(String dirOrHubId) {
        return ModelLocator.fromEnvironment().locate(dirOrHubId);
    }

    /** For messages: {@code llama, mistral, qwen2 (llama); mixtral (mixtral); ...}. */
    static String supportedTypes() {
        return FAMILIES.stream()
                .map(f -> f.modelTypes().stream().sorted().collect(Collectors.joining(", ")) + " (" + f.name() + ")")
                .collect(Collectors.joining("; "));
    }
}
