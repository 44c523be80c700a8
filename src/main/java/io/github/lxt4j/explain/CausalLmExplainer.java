package io.github.lxt4j.explain;

import io.github.lxt4j.ProcessMemory;
import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.autograd.TapePlan;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.io.Encoding;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.models.DecoderOptions.Positions;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Explains causal LMs (every {@link CausalLm} family) on the {@link AttributionEngine}: the input embeddings are the
 * relevance leaf, the decoder layers' inputs the latent relevance, the target is selected on the last position's
 * logits (the batch interface's {@code logits_last} come from that same forward).
 */
public final class CausalLmExplainer implements BatchExplainable {

    /** The relevance leaf (input embeddings) and latent group (decoder layer inputs) of a pass. */
    static final String EMBEDDINGS = "embeddings";

    static final String LAYERS = "layer";

    private final CausalLm model;
    private final HfTokenizer tokenizer;
    private final TargetSelector targets;
    private MemoryBudget budget = MemoryBudget.auto();
    private ProcessMemory memory = ProcessMemory.system();
    private long loadedResident = memory.resident();
    private volatile TapePlan lastTapes;

    /** @param tokenizer may be null: then only ids can be explained and tokens display as ids */
    public CausalLmExplainer(CausalLm model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.targets = new TargetSelector(model.vocabSize());
    }

    public CausalLm model() {
        return model;
    }

    /** The tokenizer this explainer encodes prompts with, or null when it explains ids only. */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Per-layer activation checkpointing of every layer (the memory budget 0): relevance is identical, peak memory
     * lower, the forward runs twice. {@code false} restores the automatic budget. The later of this and
     * {@link #memoryBudget} wins.
     */
    public CausalLmExplainer checkpointLayers(boolean on) {
        return memoryBudget(on ? MemoryBudget.bytes(0) : MemoryBudget.auto());
    }

    /**
     * Bounds the process's resident memory during an explanation to {@code bytes}: the decoder layers keep their
     * tapes while they fit, the rest are recomputed in the relevance pass (relevance is identical). 0 recomputes every
     * layer ({@link #checkpointLayers}); an input that cannot fit even so is refused before the forward. Default: a
     * budget from the memory available (docs/performance.md, "Memory budget").
     */
    public CausalLmExplainer memoryBudget(long bytes) {
        return memoryBudget(MemoryBudget.bytes(bytes));
    }

    /** {@link #memoryBudget(long)}, or {@link MemoryBudget#auto()} / {@link MemoryBudget#unlimited()}. */
    public CausalLmExplainer memoryBudget(MemoryBudget b) {
        this.budget = Objects.requireNonNull(b, "budget");
        return this;
    }

    /**
     * Where the memory budget reads the resident and the available memory (default: Linux's {@code /proc}); e.g. a
     * container's own limits, or a test's figures. The resident memory read here (and when the explainer is made) is
     * the loaded model's, from which a pass's margin counts ({@link TapePlan}).
     */
    public CausalLmExplainer memorySource(ProcessMemory m) {
        this.memory = Objects.requireNonNull(m, "memory");
        this.loadedResident = m.resident();
        return this;
    }

    /** The memory budget explanations follow. */
    public MemoryBudget memoryBudget() {
        return budget;
    }

    /**
     * How the latest explanation on this explainer (on any thread) kept its layers' tapes: how many were kept, the
     * bytes of one, the budget; null before the first.
     */
    public TapePlan lastTapes() {
        return lastTapes;
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
     * Explains several prompts in one batch: they are tokenized, left-padded with the config's {@code pad_token_id}
     * (0 when absent) and masked; each explanation is cut back to its own tokens.
     */
    public List<Explanation> explainAll(List<String> prompts, Target target, Method method) {
        return explainAll(RaggedBatch.encode(tokenizer, prompts, "prompt"), target, method);
    }

    /**
     * Explains token-id sequences of any lengths in one batch: they are left-padded with the config's
     * {@code pad_token_id} (0 when absent) and masked; each explanation is cut back to its own tokens.
     */
    public List<Explanation> explainAll(long[][] encoded, Target target, Method method) {
        int len = RaggedBatch.longest(encoded, "prompt");
        long pad = model.padTokenId();
        long[][] ids = new long[encoded.length][len];
        long[][] mask = new long[encoded.length][len];
        for (int i = 0; i < encoded.length; i++) {
            int offset = len - encoded[i].length;
            Arrays.fill(ids[i], 0, offset, pad);
            System.arraycopy(encoded[i], 0, ids[i], offset, encoded[i].length);
            Arrays.fill(mask[i], offset, len, 1);
        }
        List<Explanation> padded = explainIds(ids, mask, target, method, false);
        List<Explanation> out = new ArrayList<>();
        for (int i = 0; i < padded.size(); i++) {
            out.add(padded.get(i).withoutLeading(len - encoded[i].length));
        }
        return out;
    }

    /**
     * Explains every row of a (left-padded) batch. Pad positions get exactly zero relevance.
     *
     * @param attentionMask [B][T] of 0/1, or null when nothing is padded
     */
    public List<Explanation> explainIds(
            long[][] ids, long[][] attentionMask, Target target, Method method, boolean layers) {
        checkIds(ids, attentionMask);
        if (target instanceof Target.Generated) {
            List<Explanation> out = new ArrayList<>();
            for (int b = 0; b < ids.length; b++) {
                out.add(explainGenerated(ids[b], (Target.Generated) target, method, layers));
            }
            return out;
        }
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = run(ids, attentionMask, target, method, layers, null, Positions.FROM_MASK);
            List<Explanation> out = new ArrayList<>();
            for (int b = 0; b < ids.length; b++) {
                out.add(explanation(a, b, ids[b], method));
            }
            return out;
        }
    }

    private Explanation explainGenerated(long[] prompt, Target.Generated g, Method method, boolean layers) {
        long[] seq = generate(prompt, g.count());
        long[] generated = Arrays.copyOfRange(seq, prompt.length, seq.length);
        if (!g.sum()) {
            throw new UnsupportedOperationException("use explainSpan(...) to explain each generated token");
        }
        long[] context = Arrays.copyOf(seq, seq.length - 1);
        try (TensorScope scope = TensorScope.open()) {
            Attribution a = run(new long[][] {context}, null, null, method, layers, generated, Positions.FROM_MASK);
            return explanation(a, 0, context, method);
        }
    }

    /** Generates greedily and explains each generated token on its own context (one explanation per token). */
    public List<Explanation> explainSpan(long[] prompt, int count, Method method) {
        long[] seq = generate(prompt, count);
        List<Explanation> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long[] context = Arrays.copyOf(seq, prompt.length + k);
            out.add(explainIds(new long[][] {context}, null, Target.token(seq[prompt.length + k]), method, false)
                    .get(0));
        }
        return out;
    }

    /** Greedy decoding of {@code count} tokens (no relevance pass). */
    public long[] generate(long[] prompt, int count) {
        checkIds(new long[][] {prompt}, null);
        long[] seq = prompt.clone();
        for (int k = 0; k < count; k++) {
            long next = StepScores.argmax(nextTokenLogits(seq));
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = next;
        }
        return seq;
    }

    /** The logits [vocab] of the token after {@code seq} (one forward, no relevance pass). */
    public double[] nextTokenLogits(long[] seq) {
        checkIds(new long[][] {seq}, null);
        try (TensorScope scope = TensorScope.open()) {
            Tensor idt = model.backend().fromLongs(seq, 1, seq.length);
            Var logits = model.forward(
                    model.embed(idt), null, DecoderOptions.defaults().lastOnly());
            return logits.value().reshape(model.vocabSize()).toDoubleArray();
        }
    }

    /** Shapes and mask; an id outside the vocabulary is the embedding's {@code InvalidTokenIdException}. */
    private void checkIds(long[][] ids, long[][] mask) {
        InputValidator.ids("input_ids", ids);
        InputValidator.mask("attention_mask", mask, ids);
    }

    /** Reads one row's explanation out of a pass (while its scope is open). */
    private Explanation explanation(Attribution a, int b, long[] ids, Method m) {
        double[][] emb = RelevanceArrays.rows(a.relevance(EMBEDDINGS), b);
        double[] tok = RelevanceArrays.sumRows(emb);
        double[][] lay = null;
        if (!a.latent(LAYERS).isEmpty()) {
            List<Tensor> layers = a.latent(LAYERS);
            lay = new double[layers.size()][];
            for (int i = 0; i < lay.length; i++) {
                lay[i] = RelevanceArrays.sumRows(RelevanceArrays.rows(layers.get(i), b));
            }
        }
        return new Explanation(display(ids), ids, tok, emb, a.targetIds()[b], a.targetValues()[b], lay, m);
    }

    /**
     * Token strings for ids, as the tokenizer writes them; ids as text without a tokenizer, and {@code <id N>} for an
     * id past the tokenizer's vocabulary (a padded embedding row).
     */
    public String[] display(long[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            String token = tokenizer != null ? tokenizer.tokenOrNull(ids[i]) : Long.toString(ids[i]);
            out[i] = token != null ? token : "<id " + ids[i] + ">";
        }
        return out;
    }

    /**
     * One forward + relevance pass, with the logits of the last position only (or all, for a span).
     *
     * @param spanTargets when non-null: explain the sum of logits of these tokens at the last positions (one row)
     * @param positions position ids from the mask (prompts lxt4j padded) or 0..T−1 (the batch interface, as HF's
     *     forward computes them for the arrays a user passes)
     */
    private Attribution run(
            long[][] ids,
            long[][] mask,
            Target target,
            Method method,
            boolean layers,
            long[] spanTargets,
            Positions positions) {
        method.requireTextMethod("causal LMs");
        int b = ids.length;
        int t = ids[0].length;
        long vocab = model.vocabSize();
        Tensor idt = model.backend().fromLongs(RelevanceArrays.flatten(ids), b, t);
        TapePlan tapes = new TapePlan(budget, memory, loadedResident);
        lastTapes = tapes;
        return AttributionEngine.of(method)
                .leaf(EMBEDDINGS, model.embed(idt))
                .latent(layers)
                .checkpointing(budget.recomputesAll())
                .run(
                        pass -> {
                            DecoderOptions opts = DecoderOptions.defaults()
                                    .withPositions(positions)
                                    .withTapes(tapes);
                            if (spanTargets == null) {
                                opts = opts.lastOnly();
                            }
                            if (layers) {
                                opts = opts.collectLayerInputs(pass.latentSink(LAYERS));
                            }
                            return model.forward(pass.leaf(EMBEDDINGS), mask, opts);
                        },
                        logits -> spanTargets != null
                                ? targets.span(logits, spanTargets)
                                : targets.objective(ReshapeOp.apply(logits, b, vocab), target));
    }

    @Override
    public Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options) {
        TensorData ids = inputs.get("input_ids");
        if (ids == null) {
            throw new InvalidInputException("batch input has no 'input_ids' (found " + inputs.keySet() + ")");
        }
        long[][] idRows = BatchArrays.rowsOrNull(inputs, "input_ids");
        long[][] mask = BatchArrays.rowsOrNull(inputs, "attention_mask");
        checkIds(idRows, mask);
        int b = idRows.length;
        boolean f64 = model.dtype() == DType.FLOAT64;
        Map<String, TensorData> out = new LinkedHashMap<>();
        String prefix = method.keyPrefix();
        try (TensorScope scope = TensorScope.open()) {
            Target target = options.target() != null ? Target.perRow(options.target()) : Target.argmax();
            Attribution a = run(idRows, mask, target, method, options.layers(), null, Positions.INDEX);
            Tensor emb = a.relevance(EMBEDDINGS);
            out.put(prefix + ".tokens", BatchArrays.data(emb.sum(-1, false), f64));
            out.put(prefix + ".embeddings", BatchArrays.data(emb, f64));
            List<Tensor> lay = a.latent(LAYERS);
            for (int i = 0; i < lay.size(); i++) {
                out.put(prefix + ".layer." + i, BatchArrays.data(lay.get(i), f64));
            }
            out.put("logits_last", BatchArrays.data(a.output().reshape(b, model.vocabSize()), f64));
        }
        return out;
    }

    @Override
    public <R> R accept(ExplainerVisitor<R> visitor) {
        return visitor.visitCausalLm(this);
    }

    @Override
    public void close() {
        model.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
