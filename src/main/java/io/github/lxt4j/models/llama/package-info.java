/**
 * The LLaMA family ({@link LlamaForCausalLM}: LLaMA 2/3, TinyLlama, Mistral, Qwen2) and the decoder parts other
 * families reuse: the pre-norm layer {@link LlamaDecoderLayer}, RoPE attention {@link LlamaAttention} and the per-pass
 * {@link RopeContext}; config parsing with RoPE scaling and sliding windows (docs/models-llama.md).
 */
package io.github.lxt4j.models.llama;
