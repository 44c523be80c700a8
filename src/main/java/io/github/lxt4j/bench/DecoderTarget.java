package io.github.lxt4j.bench;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.RelevanceArrays;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.mixtral.MixtralConfig;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;

/**
 * A LLaMA-family decoder or Mixtral on {@code batch × seq} random ids: forward = the logits of the last position,
 * explain = the relevance of each row's argmax next token, as {@link CausalLmExplainer} computes it.
 */
final class DecoderTarget implements BenchTarget {

    private final LlamaConfig cfg;
    private final LlamaForCausalLM model;
    private final CausalLmExplainer explainer;
    private final long[][] ids;
    private final int activeExperts;
    private final Method method;

    private DecoderTarget(LlamaConfig cfg, LlamaForCausalLM model, BenchSpec s, Method method) {
        this.cfg = cfg;
        this.model = model;
        this.method = method;
        this.explainer = new CausalLmExplainer(model, null).checkpointLayers(s.checkpoint());
        this.ids = RandomInputs.ids(s.seed(), s.batch(), s.seqOrDefault(), cfg.vocabSize());
        this.activeExperts = cfg.source().optInt("num_experts_per_tok", 1);
    }

    static DecoderTarget open(JsonConfig json, BenchSpec s, Method method) {
        LlamaConfig cfg = LlamaConfig.parse(json);
        RandomWeights weights = new RandomWeights(s.seed(), RandomWeights.STD);
        LlamaForCausalLM model = cfg.modelType().equals("mixtral")
                ? MixtralForCausalLM.build(MixtralConfig.parse(json), weights, s.loadOptions())
                : LlamaForCausalLM.build(cfg, weights, s.loadOptions());
        return new DecoderTarget(cfg, model, s, method);
    }

    @Override
    public int layers() {
        return cfg.numLayers();
    }

    @Override
    public String architecture() {
        return cfg.numLayers() + (cfg.numLayers() == 1 ? " decoder layer" : " decoder layers");
    }

    @Override
    public String input() {
        return String.format("batch %d × seq %d", ids.length, ids[0].length);
    }

    @Override
    public Integer seq() {
        return ids[0].length;
    }

    @Override
    public void forward() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor idt = model.backend().fromLongs(RelevanceArrays.flatten(ids), ids.length, ids[0].length);
            model.forward(model.embed(idt), null, LlamaForCausalLM.Options.defaults().lastOnly())
                    .value().argmax(-1).toLongArray();
        }
    }

    @Override
    public void explain() {
        explainer.explainIds(ids, null, Target.argmax(), method, false);
    }

    @Override
    public double forwardFlops() {
        return FlopEstimate.forward(cfg, ids.length, ids[0].length, activeExperts);
    }

    @Override
    public double relevanceFlops() {
        return FlopEstimate.relevance(cfg, ids.length, ids[0].length, activeExperts);
    }

    @Override
    public void close() {
        explainer.close();
    }
}
