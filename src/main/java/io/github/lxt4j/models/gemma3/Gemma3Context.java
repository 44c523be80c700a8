package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.models.llama.RopeContext;

/**
 * What the layers of one Gemma 3 pass share: a mask and RoPE tables per layer type (sliding layers: the windowed
 * mask and the local θ; full layers: the causal mask and the global schedule). An entry is null when no layer has
 * that type.
 */
record Gemma3Context(RopeContext sliding, RopeContext full) {

    RopeContext of(LayerType type) {
        return type == LayerType.SLIDING ? sliding : full;
    }
}
