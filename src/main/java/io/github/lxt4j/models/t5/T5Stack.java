package io.github.lxt4j.models.t5;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder or decoder stack ({@code encoder.block.N}, {@code decoder.block.N}, then {@code final_layer_norm}).
 * The relative position bias is computed once from block 0's table and shared by every block, as in HF:
 * bidirectional buckets in the encoder, causal ones in the decoder.
 */
public final class T5Stack extends Module {

    private final boolean decoder;
    private final List<T5Block> blocks = new ArrayList<>();
    private final RmsNorm finalNorm;

    T5Stack(String path, T5Config cfg, WeightSource w, boolean decoder) {
        super(path);
        this.decoder = decoder;
        int n = decoder ? cfg.numDecoderLayers() : cfg.numLayers();
        for (int i = 0; i < n; i++) {
            blocks.add(child(new T5Block(join(path, "block." + i), cfg, w, decoder, i == 0)));
        }
        finalNorm = child(new RmsNorm(
                join(path, "final_layer_norm"),
                w.get(join(path, "final_layer_norm.weight"), cfg.dModel()),
                cfg.layerNormEpsilon()));
    }

    public int numBlocks() {
        return blocks.size();
    }

    /**
     * @param x input embeddings [B, T, d_model]
     * @param selfMask BOOL mask of the self-attention (padding or causal), or null
     * @param encoder encoder output (decoder only), else null
     * @param crossMask BOOL mask over the encoder positions, or null
     * @param layerInputs when non-null, receives each block's input (its relevance is retained)
     * @return the final-norm output [B, T, d_model]
     */
    Var forward(Var x, Tensor selfMask, Var encoder, Tensor crossMask, List<Var> layerInputs) {
        int t = (int) x.shape()[1];
        Tensor bias = blocks.get(0).selfAttention().positionBias(t, t, !decoder);
        Var h = x;
        for (T5Block b : blocks) {
            if (layerInputs != null) {
                layerInputs.add(h.retainGrad());
            }
            h = b.forward(h, selfMask, bias, encoder, crossMask);
        }
        return finalNorm.forward(h);
    }
}
