/**
 * Phi-3 ({@link Phi3ForCausalLM}): LLaMA's pre-norm decoder with fused {@code qkv_proj} and {@code gate_up_proj},
 * default or longrope RoPE on part of each head, an optional sliding window; its config and bench presets
 * (docs/models-phi3.md).
 */
package io.github.lxt4j.models.phi3;
