package io.github.lxt4j.bench;

import io.github.lxt4j.autograd.TapePlan;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.RelevanceArrays;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;

/**
 * A causal LM of any family on {@code batch × seq} random ids: forward = the logits of the last position,
 * explain = the relevance of each row's argmax next token, as {@link CausalLmExplainer} computes it.
 */
final class DecoderTarget implements BenchTarget {

    private final CausalLm model;
    private final CausalLmExplainer explainer;
    private final long[][] ids;
    private final Method method;

    DecoderTarget(CausalLm model, BenchSpec s, Method method) {
        this.model = model;
        this.method = method;
        this.explainer = new CausalLmExplainer(model, null).memoryBudget(s.effectiveBudget());
        this.ids = RandomInputs.ids(s.seed(), s.batch(), s.seqOrDefault(), model.vocabSize());
    }

    @Override
    public int layers() {
        return model.numLayers();
    }

    @Override
    public String architecture() {
        return model.numLayers() + (model.numLayers() == 1 ? " decoder layer" : " decoder layers");
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
            model.forward(model.embed(idt), null, DecoderOptions.defaults().lastOnly())
                    .value()
                    .argmax(-1)
                    .toLongArray();
        }
    }

    @Override
    public void explain() {
        explainer.explainIds(ids, null, Target.argmax(), method, false);
    }

    @Override
    public BenchResult.Tapes tapes() {
        TapePlan p = explainer.lastTapes();
        return p == null
                ? null
                : new BenchResult.Tapes(
                        p.kept(), p.layers(), p.layerBytes(), p.budget().toString());
    }

    @Override
    public double forwardFlops() {
        return model.flops(ids.length, ids[0].length).forward();
    }

    @Override
    public double relevanceFlops() {
        return model.flops(ids.length, ids[0].length).relevance();
    }

    @Override
    public void close() {
        explainer.close();
    }
}
