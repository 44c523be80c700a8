package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.ClassLabels;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.models.TextClassifier.Task;
import io.github.lxt4j.models.TextEmbeddings;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains text classifiers (every {@link TextClassifier}: BERT, RoBERTa, XLM-R, DistilBERT) on the
 * {@link AttributionEngine}. The word embeddings are the explained input; the position and token-type embeddings,
 * which the model adds to them, are leaves too, so the relevance they absorb is reported apart (LXT's BERT example
 * explains {@code inputs_embeds} and treats them as constants). The encoder layers' inputs give the latent relevance.
 *
 * <p>Targets are {@link Target}s over the classes: {@link Target#argmax()} (the predicted class),
 * {@link Target#token(long)} (a class by index; {@link #label(String)} turns a name into one),
 * {@link Target#contrastive(long, long)} ({@code logit(a) − logit(b)}), {@link Target#probability(double)} (the
 * softmax probability of the predicted class at a temperature), one per row with {@link Target#eachRow} or
 * {@link Target#perRow}. A token classifier explains one position's label per explanation row: by default every
 * real position of every input row, at its own argmax.
 */
public final class ClassifierExplainer implements BatchExplainable {

    static final String WORDS = "embeddings";
    static final String POSITIONS = "position_embeddings";
    static final String TOKEN_TYPES = "token_type_embeddings";
    static final String LAYERS = "layer";

    private final TextClassifier model;
    private final HfTokenizer tokenizer;
    private final TargetSelector targets;
    private boolean checkpointLayers;

    /** @param tokenizer may be null: then only ids can be explained and tokens display as ids */
    public ClassifierExplainer(TextClassifier model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.targets = new TargetSelector(model.labels().size());
    }

    public TextClassifier model() {
        return model;
    }

    /** The tokenizer this explainer encodes texts with, or null when it explains ids only. */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /** Per-layer activation checkpointing: relevance is identical, peak memory lower, the forward runs twice. */
    public ClassifierExplainer checkpointLayers(boolean on) {
        this.checkpointLayers = on;
        return this;
    }

    /**
     * The index of the class named {@code name} in {@code id2label} (exactly, else ignoring case), or a class index
     * written as a number.
     *
     * @throws InvalidInputException naming the labels when there is no such class
     */
    public long label(String name) {
        ClassLabels labels = model.labels();
        int i = labels.indexOf(name.trim());
        if (i >= 0) {
            return i;
        }
        long id;
        try {
            id = Long.parseLong(name.trim());
        } catch (NumberFormatException notANumber) {
            throw new InvalidInputException("no label '" + name + "': the model's labels are " + labels.names());
        }
        ClassTargets.check(Target.token(id), model.labels());
        return id;
    }

    /**
     * Explains one text: one explanation for a sequence classifier, one per token (its own label at each position)
     * for a token classifier.
     */
    public List<ClassifierExplanation> explain(String text, Target target, Method method) {
        return explainAll(List.of(text), target, method);
    }

    /** Explains several texts in one batch: tokenized, right-padded with {@code pad_token_id} and masked. */
    public List<ClassifierExplanation> explainAll(List<String> texts, Target target, Method method) {
        return explainRagged(RaggedBatch.encode(tokenizer, texts, "text"), target, method);
    }

    /** Explains token-id sequences of any lengths in one batch: right-padded with {@code pad_token_id} and masked. */
    public List<ClassifierExplanation> explainRagged(long[][] encoded, Target target, Method method) {
        int len = RaggedBatch.longest(encoded, "text");
        long[][] ids = new long[encoded.length][len];
        long[][] mask = new long[encoded.length][len];
        for (int i = 0; i < encoded.length; i++) {
            Arrays.fill(ids[i], model.padTokenId());
            System.arraycopy(encoded[i], 0, ids[i], 0, encoded[i].length);
            Arrays.fill(mask[i], 0, encoded[i].length, 1);
        }
        return explainIds(ids, null, mask, target, method, false);
    }

    /**
     * Explains every row of a right-padded batch (a token classifier: every real position of every row, in order).
     * Pad positions get exactly zero relevance and are cut off the explanations.
     *
     * @param tokenTypeIds [B][T], or null for all 0
     * @param attentionMask [B][T] of 0/1, or null when nothing is padded
     */
    public List<ClassifierExplanation> explainIds(
            long[][] ids, long[][] tokenTypeIds, long[][] attentionMask, Target target, Method method, boolean layers) {
        checkInputs(ids, tokenTypeIds, attentionMask);
        if (model.task() == Task.SEQUENCE) {
            try (TensorScope scope = TensorScope.open()) {
                Attribution a = run(ids, tokenTypeIds, attentionMask, null, target, method, layers);
                List<ClassifierExplanation> out = new ArrayList<>();
                for (int b = 0; b < ids.length; b++) {
                    out.add(explanation(a, b, b, -1, ids[b], attentionMask, method));
                }
                return out;
            }
        }
        List<ClassifierExplanation> out = new ArrayList<>();
        for (int b = 0; b < ids.length; b++) {
            int len = length(attentionMask, b, ids[b].length);
            int[] positions = new int[len];
            for (int p = 0; p < len; p++) {
                positions[p] = p;
            }
            out.addAll(explainPositions(ids, tokenTypeIds, attentionMask, b, positions, target, method, layers));
        }
        return out;
    }

    /**
     * Token classification: explains the labels at {@code positions} of row {@code row}, one explanation each (the row
     * is repeated once per position in one batch).
     */
    public List<ClassifierExplanation> explainPositions(
            long[][] ids,
            long[][] tokenTypeIds,
            long[][] attentionMask,
            int row,
            int[] positions,
            Target target,
            Method method,
            boolean layers) {
        checkInputs(ids, tokenTypeIds, attentionMask);
        if (model.task() != Task.TOKEN) {
            throw new InvalidInputException(
                    "explaining positions needs a token classifier; this model classifies" + " whole sequences");
        }
        if (row < 0 || row >= ids.length) {
            throw new InvalidInputException("row " + row + " is outside the batch of " + ids.length + " rows");
        }
        int len = length(attentionMask, row, ids[row].length);
        for (int p : positions) {
            if (p < 0 || p >= len) {
                throw new InvalidInputException(
                        "position " + p + " of row " + row + " is not a real token (the row" + " has " + len + ")");
            }
        }
        int n = positions.length;
        long[][] rid = new long[n][];
        long[][] rtt = tokenTypeIds == null ? null : new long[n][];
        long[][] rmask = attentionMask == null ? null : new long[n][];
        for (int i = 0; i < n; i++) {
            rid[i] = ids[row];
            if (rtt != null) {
                rtt[i] = tokenTypeIds[row];
            }
            if (rmask != null) {
                rmask[i] = attentionMask[row];
            }
        }
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = run(rid, rtt, rmask, positions, target, method, layers);
            List<ClassifierExplanation> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(explanation(a, i, row, positions[i], ids[row], rmask, method));
            }
            return out;
        }
    }

    /** The logits of a batch (one forward, no relevance pass): [B][labels], or [B][T·labels] for a token classifier. */
    public double[][] logits(long[][] ids, long[][] tokenTypeIds, long[][] attentionMask) {
        checkInputs(ids, tokenTypeIds, attentionMask);
        try (TensorScope scope = TensorScope.open()) {
            Tensor out = model.forward(embed(ids, tokenTypeIds), attentionMask, EncoderOptions.defaults())
                    .value();
            double[] flat = out.toDoubleArray();
            int per = flat.length / ids.length;
            double[][] rows = new double[ids.length][];
            for (int b = 0; b < rows.length; b++) {
                rows[b] = Arrays.copyOfRange(flat, b * per, (b + 1) * per);
            }
            return rows;
        }
    }

    private void checkInputs(long[][] ids, long[][] tokenTypeIds, long[][] mask) {
        InputValidator.ids("input_ids", ids);
        InputValidator.mask("attention_mask", mask, ids);
        if (tokenTypeIds == null) {
            return;
        }
        if (tokenTypeIds.length != ids.length) {
            throw new InvalidInputException(
                    "token_type_ids has " + tokenTypeIds.length + " rows for " + ids.length + " rows of ids");
        }
        long types = Math.max(model.typeVocabSize(), 1);
        for (int b = 0; b < ids.length; b++) {
            if (tokenTypeIds[b] == null || tokenTypeIds[b].length != ids[b].length) {
                throw new InvalidInputException(
                        "token_type_ids row " + b + " does not have the " + ids[b].length + " entries of the ids");
            }
            for (int t = 0; t < tokenTypeIds[b].length; t++) {
                if (tokenTypeIds[b][t] < 0 || tokenTypeIds[b][t] >= types) {
                    throw new InvalidInputException("token_type_ids[" + b + ", " + t + "] = " + tokenTypeIds[b][t]
                            + " is outside [0, " + types + ")"
                            + (model.typeVocabSize() == 0
                                    ? ": the model has no token types (only zeros are accepted)"
                                    : ""));
                }
            }
        }
    }

    private TextEmbeddings embed(long[][] ids, long[][] tokenTypeIds) {
        int b = ids.length;
        int t = ids[0].length;
        Tensor idt = model.backend().fromLongs(RelevanceArrays.flatten(ids), b, t);
        Tensor tt =
                tokenTypeIds == null ? null : model.backend().fromLongs(RelevanceArrays.flatten(tokenTypeIds), b, t);
        return model.embed(idt, tt);
    }

    /**
     * One forward and relevance pass.
     *
     * @param positions null (sequence classification), or per row the position whose logits are explained
     */
    private Attribution run(
            long[][] ids,
            long[][] tokenTypeIds,
            long[][] mask,
            int[] positions,
            Target target,
            Method method,
            boolean layers) {
        if (method == Method.CP_LRP_GAMMA) {
            throw new InvalidInputException("cp-lrp-gamma is LXT's recipe for vision transformers (a Gamma rule on"
                    + " the patch convolution); text classifiers take attnlrp, cp-lrp or gradient-x-input");
        }
        ClassTargets.check(target, model.labels());
        TextEmbeddings e = embed(ids, tokenTypeIds);
        AttributionEngine engine =
                AttributionEngine.of(method).leaf(WORDS, e.words()).leaf(POSITIONS, e.positions());
        if (e.tokenTypes() != null) {
            engine.leaf(TOKEN_TYPES, e.tokenTypes());
        }
        return engine.latent(layers)
                .checkpointing(checkpointLayers)
                .run(
                        pass -> {
                            EncoderOptions opts = EncoderOptions.defaults().withCheckpointing(pass.checkpointing());
                            if (layers) {
                                opts = opts.collectLayerInputs(pass.latentSink(LAYERS));
                            }
                            TextEmbeddings leaves = new TextEmbeddings(
                                    pass.leaf(WORDS),
                                    pass.leaf(POSITIONS),
                                    e.tokenTypes() != null ? pass.leaf(TOKEN_TYPES) : null);
                            return model.forward(leaves, mask, opts);
                        },
                        logits -> targets.objective(positions == null ? logits : at(logits, positions), target));
    }

    /** logits [N, T, L] → [N, L] at one position per row. */
    private static Var at(Var logits, int[] positions) {
        long[] s = logits.shape();
        int n = (int) s[0];
        long labels = s[2];
        long[] idx = new long[(int) (n * labels)];
        for (int i = 0; i < n; i++) {
            Arrays.fill(idx, (int) (i * labels), (int) ((i + 1) * labels), positions[i]);
        }
        Tensor index = logits.value().backend().fromLongs(idx, n, 1, labels);
        return ReshapeOp.apply(GatherOp.apply(logits, 1, index), n, labels);
    }

    private static int length(long[][] mask, int b, int t) {
        if (mask == null) {
            return t;
        }
        int len = 0;
        for (long m : mask[b]) {
            len += m != 0 ? 1 : 0;
        }
        return len;
    }

    /** Reads explanation row {@code i} of a pass (while its scope is open), cut to the row's real tokens. */
    private ClassifierExplanation explanation(
            Attribution a, int i, int row, int position, long[] ids, long[][] mask, Method m) {
        int len = length(mask, i, ids.length);
        double[][] emb = Arrays.copyOf(RelevanceArrays.rows(a.relevance(WORDS), i), len);
        double[] pos = Arrays.copyOf(RelevanceArrays.sumRows(RelevanceArrays.rows(a.relevance(POSITIONS), i)), len);
        double[] types = a.relevance().containsKey(TOKEN_TYPES)
                ? Arrays.copyOf(RelevanceArrays.sumRows(RelevanceArrays.rows(a.relevance(TOKEN_TYPES), i)), len)
                : null;
        double[][] lay = null;
        List<Tensor> layers = a.latent(LAYERS);
        if (!layers.isEmpty()) {
            lay = new double[layers.size()][];
            for (int l = 0; l < lay.length; l++) {
                lay[l] = Arrays.copyOf(RelevanceArrays.sumRows(RelevanceArrays.rows(layers.get(l), i)), len);
            }
        }
        Tensor out = a.output();
        long labels = model.labels().size();
        Tensor rowLogits =
                position < 0 ? out.slice(0, i, i + 1) : out.slice(0, i, i + 1).slice(1, position, position + 1);
        double[] logits = rowLogits.reshape(labels).toDoubleArray();
        long[] realIds = Arrays.copyOf(ids, len);
        return new ClassifierExplanation(
                display(realIds),
                realIds,
                RelevanceArrays.sumRows(emb),
                emb,
                pos,
                types,
                lay,
                row,
                position,
                a.targetIds()[i],
                a.targetValues()[i],
                logits,
                model.labels().probabilities(logits),
                model.labels().names(),
                m);
    }

    /** Token strings for ids, as the tokenizer writes them; ids as text without a tokenizer. */
    public String[] display(long[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            String token = tokenizer != null ? tokenizer.tokenOrNull(ids[i]) : Long.toString(ids[i]);
            out[i] = token != null ? token : "<id " + ids[i] + ">";
        }
        return out;
    }

    /**
     * The batch interface. Inputs: {@code input_ids} [B, T], optional {@code attention_mask} (right padding) and
     * {@code token_type_ids}. A sequence classifier writes {@code METHOD.tokens} [B, T], {@code METHOD.embeddings},
     * {@code METHOD.position_embeddings}, {@code METHOD.token_type_embeddings} (models with token types) [B, T, H],
     * {@code METHOD.layer.i} with {@code options.layers()}, and {@code logits} [B, labels], as the bert-tiny-cls
     * fixture holds them; {@code options.target()} is one class index per row (default: the argmax). A token
     * classifier explains every real position of every row, one output row each (N rows in all): the same keys
     * with N rows, {@code logits} [B, T, labels], and {@code target_rows}, {@code target_positions},
     * {@code target_labels} [N] saying what each row explains; {@code options.target()} is then one class per input
     * row, explained at each of its positions.
     */
    @Override
    public Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options) {
        if (inputs.get("input_ids") == null) {
            throw new InvalidInputException("batch input has no 'input_ids' (found " + inputs.keySet() + ")");
        }
        long[][] ids = BatchArrays.rowsOrNull(inputs, "input_ids");
        long[][] mask = BatchArrays.rowsOrNull(inputs, "attention_mask");
        long[][] types = BatchArrays.rowsOrNull(inputs, "token_type_ids");
        checkInputs(ids, types, mask);
        long[] classes = options.target();
        if (classes != null && classes.length != ids.length) {
            throw new InvalidInputException(
                    "a per-row target needs one class per row: got " + classes.length + " for " + ids.length + " rows");
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (TensorScope scope = TensorScope.open()) {
            if (model.task() == Task.SEQUENCE) {
                Target target = classes != null ? Target.perRow(classes) : Target.argmax();
                Attribution a = run(ids, types, mask, null, target, method, options.layers());
                write(out, method, a);
                out.put("logits", BatchArrays.data(a.output(), f64()));
                return out;
            }
            return tokenBatch(ids, types, mask, classes, method, options.layers());
        }
    }

    /** Token classification's batch: every real position of every row, one pass per input row. */
    private Map<String, TensorData> tokenBatch(
            long[][] ids, long[][] types, long[][] mask, long[] classes, Method method, boolean layers) {
        Map<String, List<Tensor>> parts = new LinkedHashMap<>();
        List<Long> rows = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int b = 0; b < ids.length; b++) {
            int len = length(mask, b, ids[b].length);
            int[] pos = new int[len];
            long[][] rid = new long[len][];
            long[][] rtt = types == null ? null : new long[len][];
            long[][] rmask = mask == null ? null : new long[len][];
            for (int p = 0; p < len; p++) {
                pos[p] = p;
                rid[p] = ids[b];
                if (rtt != null) {
                    rtt[p] = types[b];
                }
                if (rmask != null) {
                    rmask[p] = mask[b];
                }
            }
            Target target = classes != null ? Target.token(classes[b]) : Target.argmax();
            Attribution a = run(rid, rtt, rmask, pos, target, method, layers);
            for (Map.Entry<String, Tensor> e : outputs(method, a).entrySet()) {
                parts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
            for (int p = 0; p < len; p++) {
                rows.add((long) b);
                positions.add((long) p);
                labels.add(a.targetIds()[p][0]);
            }
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        parts.forEach((k, list) -> out.put(k, BatchArrays.data(concat(list), f64())));
        double[][] logits = logits(ids, types, mask);
        int t = ids[0].length;
        long l = model.labels().size();
        double[] flat = new double[(int) (ids.length * t * l)];
        for (int b = 0; b < ids.length; b++) {
            System.arraycopy(logits[b], 0, flat, (int) (b * t * l), (int) (t * l));
        }
        out.put(
                "logits",
                f64()
                        ? TensorData.ofDoubles(flat, ids.length, t, l)
                        : TensorData.ofFloats(toFloats(flat), ids.length, t, l));
        out.put(
                "target_rows",
                TensorData.ofLongs(rows.stream().mapToLong(Long::longValue).toArray(), rows.size()));
        out.put(
                "target_positions",
                TensorData.ofLongs(positions.stream().mapToLong(Long::longValue).toArray(), positions.size()));
        out.put(
                "target_labels",
                TensorData.ofLongs(labels.stream().mapToLong(Long::longValue).toArray(), labels.size()));
        return out;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static Tensor concat(List<Tensor> parts) {
        Tensor first = parts.get(0);
        long[] shape = first.shape().clone();
        long rows = 0;
        for (Tensor p : parts) {
            rows += p.shape()[0];
        }
        shape[0] = rows;
        double[] all = new double[(int) (rows * (first.numel() / first.shape()[0]))];
        int at = 0;
        for (Tensor p : parts) {
            double[] d = p.toDoubleArray();
            System.arraycopy(d, 0, all, at, d.length);
            at += d.length;
        }
        return first.backend().fromDoubles(all, first.dtype(), shape);
    }

    private void write(Map<String, TensorData> out, Method method, Attribution a) {
        outputs(method, a).forEach((k, v) -> out.put(k, BatchArrays.data(v, f64())));
    }

    /** The relevance keys of a pass, as tensors: tokens, embeddings, position and token-type shares, layers. */
    private static Map<String, Tensor> outputs(Method method, Attribution a) {
        String p = method.keyPrefix();
        Map<String, Tensor> out = new LinkedHashMap<>();
        Tensor words = a.relevance(WORDS);
        out.put(p + ".tokens", words.sum(-1, false));
        out.put(p + "." + WORDS, words);
        out.put(p + "." + POSITIONS, a.relevance(POSITIONS));
        if (a.relevance().containsKey(TOKEN_TYPES)) {
            out.put(p + "." + TOKEN_TYPES, a.relevance(TOKEN_TYPES));
        }
        List<Tensor> lay = a.latent(LAYERS);
        for (int i = 0; i < lay.size(); i++) {
            out.put(p + "." + LAYERS + "." + i, lay.get(i));
        }
        return out;
    }

    private boolean f64() {
        return model.dtype() == DType.FLOAT64;
    }

    @Override
    public <R> R accept(ExplainerVisitor<R> visitor) {
        return visitor.visitTextClassifier(this);
    }

    @Override
    public void close() {
        model.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "ClassifierExplainer(" + model + ")";
    }
}
