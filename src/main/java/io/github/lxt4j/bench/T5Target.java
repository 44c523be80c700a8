package io.github.lxt4j.bench;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.RelevanceArrays;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.Seq2SeqLm;
import io.github.lxt4j.models.Seq2SeqOptions;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Arrays;

/**
 * T5 on {@code batch × seq} random source ids, decoder prefix = the decoder start token: forward = encoder and
 * decoder, logits of the first output token; explain = the relevance of its argmax, as {@link T5Explainer} computes
 * it (at the source and the decoder prefix).
 */
final class T5Target implements BenchTarget {

    private final Seq2SeqLm model;
    private final T5Explainer explainer;
    private final long[][] source;
    private final long[][] prefix;
    private final Method method;

    T5Target(Seq2SeqLm model, BenchSpec s, Method method) {
        this.model = model;
        this.method = method;
        this.explainer = new T5Explainer(model, null);
        this.source = RandomInputs.ids(s.seed(), s.batch(), s.seqOrDefault(), model.vocabSize());
        this.prefix = new long[s.batch()][];
        Arrays.fill(prefix, explainer.startPrefix());
    }

    @Override
    public int layers() {
        return model.encoderLayers() + model.decoderLayers();
    }

    @Override
    public String architecture() {
        return model.encoderLayers() + " encoder + " + model.decoderLayers() + " decoder layers";
    }

    @Override
    public String input() {
        return String.format(
                "batch %d × source %d, decoder prefix %d", source.length, source[0].length, prefix[0].length);
    }

    @Override
    public Integer seq() {
        return source[0].length;
    }

    @Override
    public void forward() {
        try (TensorScope scope = TensorScope.open()) {
            Backend be = model.backend();
            model.forward(
                            model.embed(be.fromLongs(RelevanceArrays.flatten(source), source.length, source[0].length)),
                            model.embed(be.fromLongs(RelevanceArrays.flatten(prefix), prefix.length, prefix[0].length)),
                            null,
                            Seq2SeqOptions.defaults().lastOnly())
                    .value()
                    .argmax(-1)
                    .toLongArray();
        }
    }

    @Override
    public void explain() {
        explainer.explainIds(source, null, prefix, Target.argmax(), method);
    }

    @Override
    public double forwardFlops() {
        return model.flops(source.length, source[0].length, prefix[0].length).forward();
    }

    @Override
    public double relevanceFlops() {
        return model.flops(source.length, source[0].length, prefix[0].length).relevance();
    }

    @Override
    public void close() {
        explainer.close();
    }
}
