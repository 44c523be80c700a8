package io.github.lxt4j.models.gpt2;

import io.github.lxt4j.models.CheckpointLayout;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.util.regex.Pattern;

/**
 * How GPT-2 checkpoints are laid out. Two key layouts exist: GPT2LMHeadModel's {@code save_pretrained} writes
 * {@code transformer.wte.weight}, {@code transformer.h.N...}, the hub's original checkpoints
 * (openai-community/gpt2 and its sizes, distilgpt2) were saved from GPT2Model and write {@code wte.weight},
 * {@code h.N...}. Older saves also hold each attention's causal-mask buffers {@code h.N.attn.bias}
 * ([1, 1, n_positions, n_positions], F32, BOOL or U8 by transformers version) and {@code h.N.attn.masked_bias} (a
 * scalar): they are not weights (the mask is built from the input, as HF does since it stopped reading them), so
 * they are skipped whatever their dtype.
 */
final class Gpt2CheckpointLayout implements CheckpointLayout {

    static final Gpt2CheckpointLayout INSTANCE = new Gpt2CheckpointLayout();

    private static final Pattern BUFFER = Pattern.compile("(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");

    @Override
    public boolean skips(String key) {
        return BUFFER.matcher(key).matches();
    }

    @Override
    public WeightSupplier adapt(WeightSupplier checkpoint) {
        if (checkpoint.contains(Gpt2Weights.PREFIX + "wte.weight")) {
            return new Gpt2Weights(checkpoint, false);
        }
        if (checkpoint.contains("wte.weight")) {
            return new Gpt2Weights(checkpoint, true);
        }
        throw new ModelLoadException(checkpoint.source() + " has neither transformer.wte.weight"
                + " (GPT2LMHeadModel's keys) nor wte.weight (GPT2Model's keys, as on the hub): not a GPT-2 checkpoint");
    }

    /** A Conv1D weight held [out, in] goes back to the checkpoint's [in, out]. */
    @Override
    public float[] checkpointValues(String key, StoredWeight weight) {
        float[] values = weight.dequantize();
        if (!Gpt2Weights.isConv1dWeight(key)) {
            return values;
        }
        long[] s = weight.shape();
        return Gpt2Weights.transpose(values, (int) s[0], (int) s[1]);
    }
}
