package io.github.lxt4j.cli;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Detects a checkpoint's family from its config and loads the matching explainer. */
final class LoadedModel {
    private LoadedModel() {
    }

    static BatchExplainable load(Path dir, Backend backend, DType dtype) {
        if (Files.isRegularFile(dir.resolve("open_clip_config.json"))) {
            return ClipModel.fromPretrained(dir, backend, dtype);
        }
        JsonConfig cfg = LlamaForCausalLM.readConfig(dir);
        String type = cfg.requireString("model_type");
        if (LlamaConfig.DECODER_TYPES.contains(type) && !type.equals("mixtral")) {
            HfTokenizer tok = Files.isRegularFile(dir.resolve("tokenizer.json")) ? HfTokenizer.open(dir) : null;
            return new CausalLmExplainer(LlamaForCausalLM.fromPretrained(dir, backend, dtype), tok);
        }
        if (type.equals("clip")) {
            return ClipModel.fromPretrained(dir, backend, dtype);
        }
        throw new UnsupportedModelException("unsupported model_type '" + type + "' in " + cfg.source());
    }
}
