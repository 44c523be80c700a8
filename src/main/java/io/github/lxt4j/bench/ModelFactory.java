package io.github.lxt4j.bench;

import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.mixtral.MixtralConfig;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;

/** Builds the decoder family a config names from a weight supplier. */
final class ModelFactory {
    private ModelFactory() {
    }

    static LlamaForCausalLM build(LlamaConfig cfg, WeightSupplier weights, Backend backend, DType dtype) {
        if (cfg.modelType().equals("mixtral")) {
            return MixtralForCausalLM.build(MixtralConfig.parse(cfg.source()), weights, backend, dtype);
        }
        return LlamaForCausalLM.build(cfg, weights, backend, dtype);
    }
}
