package io.github.lxt4j.cli;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.models.t5.T5Config;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Detects a checkpoint's family from its config and loads the matching explainer. */
final class LoadedModel {
    private LoadedModel() {
    }

    static BatchExplainable load(Path dir, Backend backend, DType dtype) {
        return load(dir, LoadOptions.of(backend, dtype));
    }

    /** With per-layer activation checkpointing for decoder LMs when {@code checkpoint}; refused for the others. */
    static BatchExplainable load(Path dir, LoadOptions options, boolean checkpoint) {
        BatchExplainable ex = load(dir, options);
        if (checkpoint) {
            if (!(ex instanceof CausalLmExplainer lm)) {
                ex.close();
                throw new IllegalArgumentException("--checkpoint (per-layer activation checkpointing) is implemented"
                        + " for decoder LMs only, not for " + dir);
            }
            lm.checkpointLayers(true);
        }
        return ex;
    }

    static BatchExplainable load(Path dir, LoadOptions options) {
        if (Files.isRegularFile(dir.resolve("open_clip_config.json"))) {
            return new ClipExplainer(ClipModel.fromPretrained(dir, options));
        }
        JsonConfig cfg = LlamaForCausalLM.readConfig(dir);
        String type = cfg.requireString("model_type");
        if (type.equals("clip")) {
            return new ClipExplainer(ClipModel.fromPretrained(dir, options));
        }
        HfTokenizer tok = Files.isRegularFile(dir.resolve("tokenizer.json")) ? HfTokenizer.open(dir) : null;
        try {
            return forType(type, dir, options, tok, cfg);
        } catch (RuntimeException e) {
            if (tok != null) {
                tok.close();
            }
            throw e;
        }
    }

    private static BatchExplainable forType(String type, Path dir, LoadOptions options, HfTokenizer tok,
            JsonConfig cfg) {
        if (type.equals("mixtral")) {
            return new CausalLmExplainer(MixtralForCausalLM.fromPretrained(dir, options), tok);
        }
        if (LlamaConfig.DECODER_TYPES.contains(type)) {
            return new CausalLmExplainer(LlamaForCausalLM.fromPretrained(dir, options), tok);
        }
        if (T5Config.TYPES.contains(type)) {
            return new T5Explainer(T5ForConditionalGeneration.fromPretrained(dir, options), tok);
        }
        throw new UnsupportedModelException("unsupported model_type '" + type + "' in " + cfg.source());
    }
}
