package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.Seq2SeqLm;
import io.github.lxt4j.models.Seq2SeqOptions;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains a T5 prediction: the next token after a decoder prefix, given the source. Relevance is read at both
 * leaves, the encoder and the decoder input embeddings. Also spans of greedily generated tokens, each explained on
 * its own or as the sum of their logits. A thin layer over the {@link AttributionEngine}.
 */
public final class T5Explainer implements BatchExplainable {

    private static final String ENCODER = "encoder";
    private static final String DECODER = "decoder";
    private static final String ENCODER_LAYERS = "encoder.layer";
    private static final String DECODER_LAYERS = "decoder.layer";

    private final Seq2SeqLm model;
    private final HfTokenizer tokenizer;
    private final TargetSelector targets;

    /** @param tokenizer may be null: then only ids can be explained and tokens display as ids */
    public T5Explainer(Seq2SeqLm model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.targets = new TargetSelector(model.vocabSize());
    }

    public Seq2SeqLm model() {
        return model;
    }

    /** The tokenizer, or null when this explainer has none. */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /** Explains the first output token for {@code source} (decoder prefix: the start token). */
    public Seq2SeqExplanation explain(String source, Target target, Method method) {
        return explain(source, "", target, method);
    }

    /** Explains the token after {@code targetPrefix} (tokenized without its end-of-sequence token). */
    public Seq2SeqExplanation explain(String source, String targetPrefix, Target target, Method method) {
        if (tokenizer == null) {
            throw new IllegalStateException("this explainer has no tokenizer: pass token ids instead");
        }
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("empty source text: nothing to explain");
        }
        long[] src = tokenizer.encode(source).ids();
        long[] prefix = startPrefix();
        if (targetPrefix != null && !targetPrefix.isEmpty()) {
            long[] p = tokenizer.encode(targetPrefix).ids();
            if (p.length > 0 && p[p.length - 1] == model.eosTokenId()) {
                p = Arrays.copyOf(p, p.length - 1);
            }
            prefix = concat(prefix, p);
        }
        return explainIds(new long[][] {src}, null, new long[][] {prefix}, target, method)
                .get(0);
    }

    /** {@code [decoder_start_token_id]}. */
    public long[] startPrefix() {
        return new long[] {model.decoderStartTokenId()};
    }

    /**
     * Explains each row: the target at the last decoder position.
     *
     * @param encoderMask [B][S] 0/1 padding mask of the source, or null
     * @param decoderIds [B][T], each starting with the decoder start token
     */
    public List<Seq2SeqExplanation> explainIds(
            long[][] sourceIds, long[][] encoderMask, long[][] decoderIds, Target target, Method method) {
        checkIds("input_ids", sourceIds);
        checkIds("decoder_input_ids", decoderIds);
        if (sourceIds.length != decoderIds.length) {
            throw new InvalidInputException(
                    "input_ids has " + sourceIds.length + " rows, decoder_input_ids " + decoderIds.length);
        }
        InputValidator.mask("attention_mask", encoderMask, sourceIds);
        if (target instanceof Target.Generated) {
            Target.Generated g = (Target.Generated) target;
            if (!g.sum()) {
                throw new UnsupportedOperationException("use explainSpan(...) to explain each generated token");
            }
            List<Seq2SeqExplanation> out = new ArrayList<>();
            for (int b = 0; b < sourceIds.length; b++) {
                out.add(explainSpanSum(sourceIds[b], decoderIds[b], g.count(), method));
            }
            return out;
        }
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = run(sourceIds, encoderMask, decoderIds, target, method, false, null);
            List<Seq2SeqExplanation> out = new ArrayList<>();
            for (int b = 0; b < sourceIds.length; b++) {
                out.add(explanation(a, b, sourceIds[b], decoderIds[b], method));
            }
            return out;
        }
    }

    /** Generates {@code count} tokens greedily after {@code prefix}, and explains each on its own context. */
    public List<Seq2SeqExplanation> explainSpan(long[] sourceIds, long[] prefix, int count, Method method) {
        long[] seq = generate(sourceIds, prefix, count);
        List<Seq2SeqExplanation> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long[] context = Arrays.copyOf(seq, prefix.length + k);
            out.add(explainIds(
                            new long[][] {sourceIds},
                            null,
                            new long[][] {context},
                            Target.token(seq[prefix.length + k]),
                            method)
                    .get(0));
        }
        return out;
    }

    /**
     * Generates {@code count} tokens greedily after {@code prefix} and explains the sum of their logits in one
     * teacher-forced pass (each logit seeded with itself).
     */
    public Seq2SeqExplanation explainSpanSum(long[] sourceIds, long[] prefix, int count, Method method) {
        long[] seq = generate(sourceIds, prefix, count);
        long[] generated = Arrays.copyOfRange(seq, prefix.length, seq.length);
        long[] context = Arrays.copyOf(seq, seq.length - 1);
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = run(new long[][] {sourceIds}, null, new long[][] {context}, null, method, false, generated);
            return explanation(a, 0, sourceIds, context, method);
        }
    }

    /** Greedy decoding of {@code count} tokens after {@code prefix}; returns prefix + generated. */
    public long[] generate(long[] sourceIds, long[] prefix, int count) {
        checkIds("input_ids", new long[][] {sourceIds});
        checkIds("decoder prefix", new long[][] {prefix});
        long[] seq = prefix.clone();
        try (TensorScope scope = TensorScope.open()) {
            Var enc = model.encode(model.embed(model.backend().fromLongs(sourceIds, 1, sourceIds.length)), null, null);
            for (int k = 0; k < count; k++) {
                try (TensorScope step = TensorScope.open()) {
                    Var dec = model.embed(model.backend().fromLongs(seq, 1, seq.length));
                    Var logits = model.decode(
                            dec, enc, null, Seq2SeqOptions.defaults().lastOnly());
                    long next =
                            logits.value().reshape(model.vocabSize()).argmax(0).toLongArray()[0];
                    seq = Arrays.copyOf(seq, seq.length + 1);
                    seq[seq.length - 1] = next;
                }
            }
        }
        return seq;
    }

    /** Shapes; an id outside the vocabulary is the embedding's {@code InvalidTokenIdException}. */
    private static void checkIds(String what, long[][] ids) {
        InputValidator.ids(what, ids);
    }

    /** Reads one row's explanation out of a pass (while its scope is open). */
    private Seq2SeqExplanation explanation(Attribution a, int b, long[] src, long[] dec, Method method) {
        double[][] se = RelevanceArrays.rows(a.relevance(ENCODER), b);
        double[][] de = RelevanceArrays.rows(a.relevance(DECODER), b);
        return new Seq2SeqExplanation(
                display(src),
                src,
                display(dec),
                dec,
                RelevanceArrays.sumRows(se),
                se,
                RelevanceArrays.sumRows(de),
                de,
                a.targetIds()[b],
                a.targetValues()[b],
                method);
    }

    private String[] display(long[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = tokenizer != null ? tokenizer.token(ids[i]) : Long.toString(ids[i]);
        }
        return out;
    }

    /**
     * One forward + relevance pass with the encoder and decoder input embeddings as leaves.
     *
     * @param spanTargets when non-null: the sum of the logits of these tokens at the last positions (one row)
     */
    private Attribution run(
            long[][] src,
            long[][] mask,
            long[][] dec,
            Target target,
            Method method,
            boolean layers,
            long[] spanTargets) {
        method.requireTextMethod("seq2seq LMs");
        int b = src.length;
        long vocab = model.vocabSize();
        Tensor srcT = model.backend().fromLongs(RelevanceArrays.flatten(src), b, src[0].length);
        Tensor decT = model.backend().fromLongs(RelevanceArrays.flatten(dec), b, dec[0].length);
        return AttributionEngine.of(method)
                .leaf(ENCODER, model.embed(srcT))
                .leaf(DECODER, model.embed(decT))
                .latent(layers)
                .run(
                        pass -> {
                            Seq2SeqOptions opts = Seq2SeqOptions.defaults();
                            if (spanTargets == null) {
                                opts = opts.lastOnly();
                            }
                            if (layers) {
                                opts = opts.collectLayerInputs(
                                        pass.latentSink(ENCODER_LAYERS), pass.latentSink(DECODER_LAYERS));
                            }
                            return model.forward(pass.leaf(ENCODER), pass.leaf(DECODER), mask, opts);
                        },
                        logits -> spanTargets != null
                                ? targets.span(logits, spanTargets)
                                : targets.objective(ReshapeOp.apply(logits, b, vocab), target));
    }

    /** Logits of the last decoder position [B, V] of a pass's output [B, T, V]. */
    private Tensor logitsLast(Attribution a) {
        Tensor logits = a.output();
        long t = logits.shape()[1];
        return logits.slice(1, t - 1, t).reshape(logits.shape()[0], model.vocabSize());
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Inputs {@code input_ids} [B, S], {@code decoder_input_ids} [B, T], optional {@code attention_mask} [B, S].
     * Outputs {@code METHOD.encoder.tokens/.embeddings}, {@code METHOD.decoder.tokens/.embeddings} (and with
     * {@code layers} {@code METHOD.encoder.layer.i}, {@code METHOD.decoder.layer.i}) and {@code logits_last}.
     */
    @Override
    public Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options) {
        TensorData ids = inputs.get("input_ids");
        if (ids == null) {
            throw new InvalidInputException("batch input has no 'input_ids' (found " + inputs.keySet() + ")");
        }
        TensorData decIds = inputs.get("decoder_input_ids");
        if (decIds == null) {
            throw new InvalidInputException("batch input has no 'decoder_input_ids' (found " + inputs.keySet()
                    + "): a T5 explanation needs the decoder prefix, e.g. [[" + model.decoderStartTokenId()
                    + "]] to explain the first output token");
        }
        long[][] src = BatchArrays.rowsOrNull(inputs, "input_ids");
        long[][] dec = BatchArrays.rowsOrNull(inputs, "decoder_input_ids");
        long[][] mask = BatchArrays.rowsOrNull(inputs, "attention_mask");
        if (inputs.containsKey("decoder_attention_mask")) {
            for (long[] row : BatchArrays.rowsOrNull(inputs, "decoder_attention_mask")) {
                for (long v : row) {
                    if (v == 0) {
                        throw new InvalidInputException("decoder_attention_mask with padding is not supported: the"
                                + " target is read at the last decoder position, so give each row its full prefix");
                    }
                }
            }
        }
        checkIds("input_ids", src);
        checkIds("decoder_input_ids", dec);
        if (src.length != dec.length) {
            throw new InvalidInputException("input_ids has " + src.length + " rows, decoder_input_ids " + dec.length);
        }
        InputValidator.mask("attention_mask", mask, src);
        boolean f64 = model.dtype() == DType.FLOAT64;
        String prefix = method.keyPrefix();
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (TensorScope scope = TensorScope.open()) {
            Target target = Target.argmax();
            if (options.target() != null) {
                if (options.target().length != src.length) {
                    throw new InvalidInputException(
                            "--target gives " + options.target().length + " token ids for " + src.length + " rows");
                }
                target = Target.perRow(options.target());
            }
            Attribution a = run(src, mask, dec, target, method, options.layers(), null);
            Tensor enc = a.relevance(ENCODER);
            Tensor de = a.relevance(DECODER);
            out.put(prefix + ".encoder.tokens", BatchArrays.data(enc.sum(-1, false), f64));
            out.put(prefix + ".encoder.embeddings", BatchArrays.data(enc, f64));
            out.put(prefix + ".decoder.tokens", BatchArrays.data(de.sum(-1, false), f64));
            out.put(prefix + ".decoder.embeddings", BatchArrays.data(de, f64));
            List<Tensor> encLayers = a.latent(ENCODER_LAYERS);
            for (int i = 0; i < encLayers.size(); i++) {
                out.put(prefix + ".encoder.layer." + i, BatchArrays.data(encLayers.get(i), f64));
            }
            List<Tensor> decLayers = a.latent(DECODER_LAYERS);
            for (int i = 0; i < decLayers.size(); i++) {
                out.put(prefix + ".decoder.layer." + i, BatchArrays.data(decLayers.get(i), f64));
            }
            out.put("logits_last", BatchArrays.data(logitsLast(a), f64));
        }
        return out;
    }

    @Override
    public <R> R accept(ExplainerVisitor<R> visitor) {
        return visitor.visitSeq2Seq(this);
    }

    /** Closes the model (and the tokenizer, if any). */
    @Override
    public void close() {
        model.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
