/**
 * Gemma 3's causal LM, also the language model of multimodal Gemma 3 checkpoints: sandwich-norm layers with q/k norms,
 * sliding and global layers with their own masks and RoPE schedules, embeddings scaled by the square root of the width
 * and optional final logit softcapping ({@link SoftcapOp}); its config, checkpoint layout and bench presets
 * (docs/models-gemma3.md).
 */
package io.github.lxt4j.models.gemma3;
