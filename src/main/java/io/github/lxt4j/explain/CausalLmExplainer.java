package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.io.Encoding;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains causal LMs (LLaMA family, Mixtral): registers the method's composite, runs the forward pass with the
 * input embeddings as relevance leaves, seeds the target and reads the relevance. Not thread-safe: a composite is
 * registered on the shared model for the duration of each call.
 */
public final class CausalLmExplainer implements BatchExplainable {

    private final LlamaForCausalLM model;
    private final HfTokenizer tokenizer;
    private final Site targetSoftmax = Site.of(OpKind.SOFTMAX, "target.softmax");
    private final Site contrast = Site.of(OpKind.ADD, "target.contrast");
    private final Site negate = Site.of(OpKind.SCALE, "target.negate");
    private boolean checkpointLayers;

    /** @param tokenizer may be null: then only ids can be explained and tokens display as ids */
    public CausalLmExplainer(LlamaForCausalLM model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public LlamaForCausalLM model() {
        return model;
    }

    /** Per-layer activation checkpointing: relevance is identical, peak memory lower, the forward runs twice. */
    public CausalLmExplainer checkpointLayers(boolean on) {
        this.checkpointLayers = on;
        return this;
    }

    public Explanation explain(String prompt, Target target, Method method) {
        if (tokenizer == null) {
            throw new IllegalStateException("this explainer has no tokenizer: pass token ids instead");
        }
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidInputException("empty prompt: nothing to explain");
        }
        Encoding enc = tokenizer.encode(prompt);
        return explainIds(new long[][] {enc.ids()}, null, target, method, false).get(0);
    }

    /**
     * Explains every row of a (left-padded) batch. Pad positions get exactly zero relevance.
     *
     * @param attentionMask [B][T] of 0/1, or null when nothing is padded
     */
    public List<Explanation> explainIds(long[][] ids, long[][] attentionMask, Target target, Method method,
            boolean layers) {
        checkIds(ids, attentionMask);
        if (target instanceof Target.Generated) {
            List<Explanation> out = new ArrayList<>();
            for (int b = 0; b < ids.length; b++) {
                out.add(explainGenerated(ids[b], (Target.Generated) target, method, layers));
            }
            return out;
        }
        try (TensorScope scope = TensorScope.open()) {
            Pass p = run(ids, attentionMask, target, method, layers, null);
            List<Explanation> out = new ArrayList<>();
            for (int b = 0; b < ids.length; b++) {
                out.add(p.explanation(b, ids[b], method));
            }
            return out;
        }
    }

    private Explanation explainGenerated(long[] prompt, Target.Generated g, Method method, boolean layers) {
        long[] seq = generate(prompt, g.count());
        long[] generated = java.util.Arrays.copyOfRange(seq, prompt.length, seq.length);
        if (!g.sum()) {
            throw new UnsupportedOperationException("use explainSpan(...) to explain each generated token");
        }
        long[] context = java.util.Arrays.copyOf(seq, seq.length - 1);
        try (TensorScope scope = TensorScope.open()) {
            Pass p = run(new long[][] {context}, null, null, method, layers, generated);
            return p.explanation(0, context, method);
        }
    }

    /** Generates greedily and explains each generated token on its own context (one explanation per token). */
    public List<Explanation> explainSpan(long[] prompt, int count, Method method) {
        checkIds(new long[][] {prompt}, null);
        long[] seq = generate(prompt, count);
        List<Explanation> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long[] context = java.util.Arrays.copyOf(seq, prompt.length + k);
            out.add(explainIds(new long[][] {context}, null, Target.token(seq[prompt.length + k]), method, false)
                    .get(0));
        }
        return out;
    }

    /** Greedy decoding of {@code count} tokens (no relevance pass). */
    public long[] generate(long[] prompt, int count) {
        long[] seq = prompt.clone();
        for (int k = 0; k < count; k++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor idt = model.backend().fromLongs(seq, 1, seq.length);
                Var logits = model.forward(model.embed(idt), null, LlamaForCausalLM.Options.defaults().lastOnly());
                long next = logits.value().reshape(model.config().vocabSize()).argmax(0).toLongArray()[0];
                seq = java.util.Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = next;
            }
        }
        return seq;
    }

    private void checkIds(long[][] ids, long[][] mask) {
        if (ids.length == 0 || ids[0].length == 0) {
            throw new InvalidInputException("empty input: at least one token is needed");
        }
        for (int b = 0; b < ids.length; b++) {
            if (ids[b].length != ids[0].length) {
                throw new InvalidInputException("ragged batch: row " + b + " has " + ids[b].length
                        + " ids, row 0 has " + ids[0].length + " (left-pad and pass an attention mask)");
            }
            if (mask != null && mask[b].length != ids[b].length) {
                throw new InvalidInputException("attention_mask row " + b + " has " + mask[b].length
                        + " entries for " + ids[b].length + " ids");
            }
        }
    }

    /** One forward + relevance pass; results are read while its scope is open. */
    private final class Pass {
        Var embeds;
        List<Var> layerInputs;
        long[][] targetIds;
        double[] targetValues;
        Method method;

        Explanation explanation(int b, long[] ids, Method m) {
            double[][] emb = rows(relevanceAt(embeds), b);
            double[] tok = sumRows(emb);
            double[][] lay = null;
            if (layerInputs != null) {
                lay = new double[layerInputs.size()][];
                for (int i = 0; i < lay.length; i++) {
                    lay[i] = sumRows(rows(relevanceAt(layerInputs.get(i)), b));
                }
            }
            return new Explanation(display(ids), ids, tok, emb, targetIds[b], targetValues[b], lay, m);
        }

        Tensor relevanceAt(Var v) {
            return method.isGradient() ? v.grad().mul(v.value()) : v.grad();
        }

        double[][] rows(Tensor t, int b) {
            long[] s = t.shape();
            int len = (int) s[1];
            int d = (int) s[2];
            double[] all = t.slice(0, b, b + 1).toDoubleArray();
            double[][] out = new double[len][d];
            for (int i = 0; i < len; i++) {
                System.arraycopy(all, i * d, out[i], 0, d);
            }
            return out;
        }
    }

    private static double[] sumRows(double[][] m) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (double v : m[i]) {
                s += v;
            }
            out[i] = s;
        }
        return out;
    }

    /** Token strings for ids, as the tokenizer writes them (ids as text without a tokenizer). */
    public String[] display(long[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = tokenizer != null ? tokenizer.token(ids[i]) : Long.toString(ids[i]);
        }
        return out;
    }

    /**
     * @param spanTargets when non-null: explain the sum of logits of these tokens at the last positions (one row)
     */
    private Pass run(long[][] ids, long[][] mask, Target target, Method method, boolean layers, long[] spanTargets) {
        int b = ids.length;
        int t = ids[0].length;
        long vocab = model.config().vocabSize();
        Tensor idt = model.backend().fromLongs(flatten(ids), b, t);
        Composite composite = method.composite();
        composite.register(model);
        Pass p = new Pass();
        p.method = method;
        try (Tape tape = Tape.record()) {
            p.embeds = model.embed(idt).requireGrad();
            p.layerInputs = layers ? new ArrayList<>() : null;
            LlamaForCausalLM.Options opts = LlamaForCausalLM.Options.defaults().withCheckpointing(checkpointLayers);
            if (spanTargets == null) {
                opts = opts.lastOnly();
            }
            if (layers) {
                opts = opts.collectLayerInputs(p.layerInputs);
            }
            Var logits = model.forward(p.embeds, mask, opts);
            Var value;
            if (spanTargets != null) {
                int n = spanTargets.length;
                Var last = io.github.lxt4j.autograd.ops.SliceOp.apply(logits, 1, t - n, t);   // [1, n, V]
                long[] idx = spanTargets.clone();
                Var picked = GatherOp.apply(last, 2, model.backend().fromLongs(idx, 1, n, 1));
                value = ReshapeOp.apply(picked, 1, n);
                p.targetIds = new long[][] {spanTargets};
            } else {
                Var flat = ReshapeOp.apply(logits, b, vocab);
                value = targetValue(flat, target, p, b);
            }
            double[] vals = value.value().toDoubleArray();
            p.targetValues = spanTargets != null ? new double[] {sum(vals)} : vals;
            if (method.isGradient()) {
                value.backward();
            } else {
                value.backward(value);
            }
        } finally {
            composite.remove();
        }
        return p;
    }

    private Var targetValue(Var flat, Target target, Pass p, int b) {
        long[] picks = new long[b];
        long[] argmax = flat.value().argmax(1).toLongArray();
        p.targetIds = new long[b][];
        if (target instanceof Target.Contrastive) {
            Target.Contrastive c = (Target.Contrastive) target;
            p.method.composite().ruleFor(contrast).ifPresent(contrast::setRule);
            p.method.composite().ruleFor(negate).ifPresent(negate::setRule);
            checkVocab(c.a());
            checkVocab(c.b());
            Var a = pick(flat, fill(b, c.a()));
            Var neg = ScaleOp.apply(negate, pick(flat, fill(b, c.b())), -1.0);
            for (int i = 0; i < b; i++) {
                p.targetIds[i] = new long[] {c.a(), c.b()};
            }
            return AddOp.apply(contrast, a, neg);
        }
        if (target instanceof Target.PerRow && ((Target.PerRow) target).ids().length != b) {
            throw new InvalidInputException("per-row target has " + ((Target.PerRow) target).ids().length
                    + " ids for " + b + " rows");
        }
        for (int i = 0; i < b; i++) {
            if (target instanceof Target.Token) {
                picks[i] = ((Target.Token) target).id();
            } else if (target instanceof Target.PerRow) {
                picks[i] = ((Target.PerRow) target).ids()[i];
            } else {
                picks[i] = argmax[i];
            }
            checkVocab(picks[i]);
            p.targetIds[i] = new long[] {picks[i]};
        }
        if (target instanceof Target.Probability) {
            double temp = ((Target.Probability) target).temperature();
            p.method.composite().ruleFor(targetSoftmax).ifPresent(targetSoftmax::setRule);
            Var probs = SoftmaxOp.apply(targetSoftmax, flat, -1, temp, null);
            return pick(probs, picks);
        }
        return pick(flat, picks);
    }

    private void checkVocab(long id) {
        if (id < 0 || id >= model.config().vocabSize()) {
            throw new InvalidInputException("target token id " + id + " is outside the vocabulary [0, "
                    + model.config().vocabSize() + ")");
        }
    }

    private Var pick(Var flat, long[] ids) {
        Tensor idx = model.backend().fromLongs(ids, ids.length, 1);
        return ReshapeOp.apply(GatherOp.apply(flat, 1, idx), ids.length);
    }

    private static long[] fill(int n, long v) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    static long[] flatten(long[][] rows) {
        int t = rows[0].length;
        long[] out = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * t, t);
        }
        return out;
    }

    @Override
    public Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options) {
        TensorData ids = inputs.get("input_ids");
        if (ids == null) {
            throw new InvalidInputException("batch input has no 'input_ids' (found " + inputs.keySet() + ")");
        }
        if (ids.rank() != 2) {
            throw new InvalidInputException("input_ids must be [batch, length], got " + java.util.Arrays.toString(ids.shape()));
        }
        long[][] idRows = BatchArrays.rows(ids);
        long[][] mask = inputs.containsKey("attention_mask") ? BatchArrays.rows(inputs.get("attention_mask")) : null;
        int b = idRows.length;
        int t = idRows[0].length;
        long hidden = model.config().hiddenSize();
        boolean f64 = model.dtype() == DType.FLOAT64;
        Map<String, TensorData> out = new LinkedHashMap<>();
        String prefix = method.keyPrefix();
        try (TensorScope scope = TensorScope.open()) {
            Pass p;
            if (options.target() != null) {
                if (options.target().length != b) {
                    throw new InvalidInputException("--target gives " + options.target().length
                            + " token ids for " + b + " rows");
                }
                p = run(idRows, mask, Target.perRow(options.target()), method, options.layers(), null);
            } else {
                p = run(idRows, mask, Target.argmax(), method, options.layers(), null);
            }
            Tensor emb = p.relevanceAt(p.embeds);
            out.put(prefix + ".tokens", BatchArrays.data(emb.sum(-1, false), f64));
            out.put(prefix + ".embeddings", BatchArrays.data(emb, f64));
            if (p.layerInputs != null) {
                for (int i = 0; i < p.layerInputs.size(); i++) {
                    out.put(prefix + ".layer." + i, BatchArrays.data(p.relevanceAt(p.layerInputs.get(i)), f64));
                }
            }
            Tensor idt = model.backend().fromLongs(flatten(idRows), b, t);
            Var logits = model.forward(model.embed(idt), mask, LlamaForCausalLM.Options.defaults().lastOnly());
            out.put("logits_last", BatchArrays.data(logits.value().reshape(b, model.config().vocabSize()), f64));
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
