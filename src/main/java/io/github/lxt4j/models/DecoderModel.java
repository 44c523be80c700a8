package io.github.lxt4j.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.ProcessMemory;
import io.github.lxt4j.autograd.Checkpoint;
import io.github.lxt4j.autograd.MeasuredSegment;
import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.TapePlan;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The shared skeleton of a decoder-only {@link CausalLm}: the input check, positions and per-pass context, the layer
 * loop (latent relevance, which layers keep their tapes under the memory budget ({@link TapePlan}) and which are
 * checkpointed, each layer's intermediates freed when nothing records), the
 * last-position slice and the head. A family supplies its layers, what every layer shares in one pass (masks, RoPE
 * tables), what happens between the embeddings and layer 0 (GPT-2's positions), and the output (final norm, head).
 *
 * @param <C> what the layers of one pass share
 */
public abstract class DecoderModel<C> extends Module implements CausalLm {

    /** One decoder layer: hidden [B, T, H] in and out. */
    @FunctionalInterface
    public interface Layer<C> {
        Var forward(Var x, C context);
    }

    private final Backend backend;
    private final DType dtype;
    private final TensorScope weights;
    private final JsonConfig json;

    protected DecoderModel(WeightSource w, JsonConfig json) {
        super("");
        this.backend = w.backend();
        this.dtype = w.dtype();
        this.weights = w.scope();
        this.json = json;
    }

    /** The decoder layers, in order. */
    protected abstract List<? extends Layer<C>> layers();

    /** What the layers of a pass over {@code batch × len} tokens share; called inside the pass's scope. */
    protected abstract C context(long[][] attentionMask, long[][] positions, int batch, int len);

    /** Layer 0's input from the embeddings: the embeddings themselves, unless the family adds positions. */
    protected Var layerInput(Var embeds, long[][] positions) {
        return embeds;
    }

    /** Logits from the last layer's output (the final norm and the head). */
    protected abstract Var logits(Var hidden);

    /** Whether inputs longer than {@link #maxPositions()} are refused (false where RoPE extrapolates by design). */
    protected boolean boundedLength() {
        return true;
    }

    /** Logits for every position of an unpadded batch. */
    public Var forward(Var embeds) {
        return forward(embeds, null, DecoderOptions.defaults());
    }

    @Override
    public final Var forward(Var embeds, long[][] attentionMask, DecoderOptions options) {
        long[] s = embeds.shape();
        int b = (int) s[0];
        int t = (int) s[1];
        if (boundedLength() && t > maxPositions()) {
            throw new SequenceTooLongException(t, maxPositions(), maxPositionsField());
        }
        CausalMask.requireLeftPadding(attentionMask);
        TapePlan plan = !Tape.isRecording()
                ? null
                : options.checkpointLayers()
                        ? new TapePlan(MemoryBudget.bytes(0), ProcessMemory.system())
                        : options.tapes() != null ? options.tapes() : TapePlan.of(MemoryBudget.auto());
        long inputBytes = s[0] * s[1] * s[2] * dtype().bytes();
        if (plan != null) {
            plan.begin();
        }
        if (attentionHeads() > 0) {
            AttentionMemory.check(
                    new AttentionMemory.Pass(b, attentionHeads(), t, layers().size(), inputBytes, dtype().bytes()),
                    plan == null ? null : plan.budget(),
                    plan == null ? ProcessMemory.system() : plan.memory());
        }
        long[][] positions = options.positions() == DecoderOptions.Positions.INDEX
                ? CausalMask.indices(b, t)
                : CausalMask.positions(attentionMask, b, t);
        C context = context(attentionMask, positions, b, t);
        Var x = layerInput(embeds, positions);
        List<? extends Layer<C>> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer<C> layer = layers.get(i);
            Function<Var, Var> segment = in -> layer.forward(in, context);
            if (options.layerInputs() != null) {
                options.layerInputs().add(x.retainGrad());
            }
            x = plan == null ? Checkpoint.run1(segment, x) : layer(segment, x, plan, layers.size() - i - 1, inputBytes);
        }
        if (options.lastPositionOnly()) {
            x = SliceOp.apply(x, 1, t - 1, t);
        }
        return logits(x);
    }

    /**
     * One layer while a tape records: its tape kept when the plan says it fits (measured, and undone when it did not
     * fit after all), else checkpointed. With no tape the loop runs each layer through {@link Checkpoint#run1}, in a
     * scope of its own that frees its intermediates.
     */
    private static Var layer(Function<Var, Var> segment, Var x, TapePlan plan, int later, long inputBytes) {
        if (plan.tryKeep(later, inputBytes)) {
            MeasuredSegment kept = MeasuredSegment.run(segment, x);
            if (plan.confirm(kept.bytes(), later, inputBytes)) {
                return kept.keep();
            }
            kept.undo();
        }
        plan.recompute();
        return Checkpoint.run1(segment, x);
    }

    /** Query heads per layer, for the attention memory estimate ({@link AttentionMemory}); 0 skips the estimate. */
    protected int attentionHeads() {
        return 0;
    }

    /** The config field {@link #maxPositions()} comes from, for messages. */
    protected String maxPositionsField() {
        return "max_position_embeddings";
    }

    @Override
    public final int numLayers() {
        return layers().size();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public JsonConfig configJson() {
        return json;
    }

    @Override
    public String configSource() {
        return json.source();
    }

    @Override
    public long padTokenId() {
        JsonNode pad = json.raw("pad_token_id");
        return pad != null && pad.isIntegralNumber() ? pad.asLong() : 0;
    }

    @Override
    public Set<Long> eosTokenIds() {
        JsonNode node = json.raw("eos_token_id");
        Set<Long> out = new LinkedHashSet<>();
        if (node != null && node.isIntegralNumber()) {
            out.add(node.asLong());
        } else if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asLong()));
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public <R> R accept(ModelVisitor<R> visitor) {
        return visitor.visitCausalLm(this);
    }

    @Override
    public void close() {
        weights.close();
    }
}
