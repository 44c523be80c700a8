package io.github.lxt4j.models;

import io.github.lxt4j.autograd.TapePlan;
import io.github.lxt4j.autograd.Var;
import java.util.List;

/**
 * Options of one forward pass of a {@link CausalLm}.
 *
 * @param checkpointLayers recompute each decoder layer's forward in the relevance pass (lower peak memory)
 * @param lastPositionOnly logits of the last position only ([B, 1, vocab])
 * @param layerInputs when non-null, receives each decoder layer's input Var (its relevance is retained)
 * @param positions how position ids follow from the attention mask
 * @param tapes which layers keep their tapes under a memory budget when a tape records (null: a plan of its own
 *     with the automatic budget, {@code MemoryBudget.auto()}); {@code checkpointLayers} recomputes every layer
 *     whatever it says
 */
public record DecoderOptions(
        boolean checkpointLayers,
        boolean lastPositionOnly,
        List<Var> layerInputs,
        Positions positions,
        TapePlan tapes) {

    /** Position ids of a (left-padded) batch. */
    public enum Positions {
        /** Real tokens count from 0 (pads get 0), as HF's {@code generate} does: a padded row equals the row alone. */
        FROM_MASK,
        /**
         * 0..T−1 whatever the mask, as HF's forward does when no {@code position_ids} are passed (the batch
         * interface, whose inputs are what a user would pass to HF). Equal to {@link #FROM_MASK} for RoPE models,
         * which see only relative positions; differs for learned absolute positions (GPT-2) on padded rows.
         */
        INDEX
    }

    public static DecoderOptions defaults() {
        return new DecoderOptions(false, false, null, Positions.FROM_MASK, null);
    }

    public DecoderOptions withCheckpointing(boolean on) {
        return new DecoderOptions(on, lastPositionOnly, layerInputs, positions, tapes);
    }

    public DecoderOptions lastOnly() {
        return new DecoderOptions(checkpointLayers, true, layerInputs, positions, tapes);
    }

    /** Collects each decoder layer's input Var (its relevance is retained: latent relevance). */
    public DecoderOptions collectLayerInputs(List<Var> sink) {
        return new DecoderOptions(checkpointLayers, lastPositionOnly, sink, positions, tapes);
    }

    /** Decides which layers keep their tapes with {@code plan} (and reports it there). */
    public DecoderOptions withTapes(TapePlan plan) {
        return new DecoderOptions(checkpointLayers, lastPositionOnly, layerInputs, positions, plan);
    }

    public DecoderOptions withPositions(Positions p) {
        return new DecoderOptions(checkpointLayers, lastPositionOnly, layerInputs, p, tapes);
    }
}
