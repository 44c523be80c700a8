package io.github.lxt4j.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.t5.T5Config;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The model families that {@code bench} builds, told apart by their config, and what differs between them. */
public enum BenchFamily {

    /** LLaMA-family decoders and Mixtral: HF {@code config.json}. */
    DECODER(Method.ATTNLRP, LlamaConfig::parse, (root, n) -> root.put("num_hidden_layers", n), DecoderTarget::open),

    /** T5, FLAN-T5, mT5: HF {@code config.json}; {@code --layers} sets the encoder's and the decoder's depth. */
    T5(Method.ATTNLRP, T5Config::parse, BenchFamily::setT5Layers, T5Target::open),

    /**
     * CLIP: an OpenCLIP model config or an HF {@code CLIPConfig}; {@code --layers} sets both towers' depth. CP-LRP
     * is LXT's recipe for vision transformers.
     */
    CLIP(Method.CP_LRP, ClipTarget::parse, BenchFamily::setClipLayers, ClipTarget::open);

    /** Builds the model on random weights and its random inputs; rejects options the family does not take. */
    @FunctionalInterface
    interface Opener {
        BenchTarget open(JsonConfig c, BenchSpec s, Method method);
    }

    private final Method method;
    private final Consumer<JsonConfig> validate;
    private final BiConsumer<ObjectNode, Integer> setLayers;
    private final Opener opener;

    BenchFamily(Method method, Consumer<JsonConfig> validate, BiConsumer<ObjectNode, Integer> setLayers,
            Opener opener) {
        this.method = method;
        this.validate = validate;
        this.setLayers = setLayers;
        this.opener = opener;
    }

    /** The explanation method that is timed. */
    public Method method() {
        return method;
    }

    /** Parses the config as the family's model would, so that a bad config fails before anything is built. */
    void validate(JsonConfig c) {
        validate.accept(c);
    }

    /** Sets every stack's depth in a validated config. */
    void setLayers(ObjectNode root, int layers) {
        setLayers.accept(root, layers);
    }

    /** Builds the model on random weights and its random inputs; rejects options the family does not take. */
    public BenchTarget open(JsonConfig c, BenchSpec s) {
        return opener.open(c, s, method);
    }

    /** The family of a config: by {@code model_type}, or an OpenCLIP model config, which has none. */
    public static BenchFamily of(JsonConfig c) {
        if (c.has("model_type")) {
            String type = c.requireString("model_type");
            if (type.equals("clip")) {
                return CLIP;
            }
            if (T5Config.TYPES.contains(type)) {
                return T5;
            }
            if (LlamaConfig.DECODER_TYPES.contains(type)) {
                return DECODER;
            }
            throw new UnsupportedModelException("model_type '" + type + "' in " + c.source() + ": bench builds "
                    + LlamaConfig.DECODER_TYPES + ", " + T5Config.TYPES + " and clip (HF CLIPConfig or OpenCLIP)");
        }
        if (c.has("model_cfg") || c.has("embed_dim") || c.has("vision_config")) {
            return CLIP;
        }
        throw new ConfigException(c.source() + ": no 'model_type', and not an OpenCLIP model config (embed_dim,"
                + " vision_cfg, text_cfg)");
    }

    private static void setT5Layers(ObjectNode root, int layers) {
        root.put("num_layers", layers);
        root.put("num_decoder_layers", layers);
    }

    private static void setClipLayers(ObjectNode root, int layers) {
        if (ClipTarget.isHf(JsonConfig.of(root, "config"))) {
            tower(root, "vision_config").put("num_hidden_layers", layers);
            tower(root, "text_config").put("num_hidden_layers", layers);
        } else {
            ObjectNode model = root.has("model_cfg") ? (ObjectNode) root.get("model_cfg") : root;
            tower(model, "vision_cfg").put("layers", layers);
            tower(model, "text_cfg").put("layers", layers);
        }
    }

    /** The config was validated, so the tower objects are there. */
    private static ObjectNode tower(ObjectNode parent, String field) {
        return (ObjectNode) parent.get(field);
    }
}
