/**
 * Qwen3-MoE ({@link Qwen3MoeForCausalLM}): Qwen3's decoder with the shared sparse MoE block in its sparse layers and a
 * dense SwiGLU MLP in the others; its config and bench presets (docs/models-qwen3moe.md).
 */
package io.github.lxt4j.models.qwen3moe;
