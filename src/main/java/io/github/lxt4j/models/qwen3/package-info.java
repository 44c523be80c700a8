/**
 * Qwen3 ({@link Qwen3ForCausalLM}): LLaMA's decoder with per-head RMSNorms on q and k before RoPE ({@link
 * Qwen3Attention}) and per-layer sliding windows as HF decides them ({@link SlidingLayers}); its config and bench
 * presets (docs/models-qwen3.md).
 */
package io.github.lxt4j.models.qwen3;
