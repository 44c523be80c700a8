/**
 * Mixtral's sparse mixture of experts on LLaMA's decoder ({@link MixtralForCausalLM}), and the MoE block other families
 * reuse ({@link SparseMoeBlock} over a {@link MoeSpec}, with the routing weights' renormalisation as {@link
 * RenormalizeOp}) (docs/models-mixtral-t5.md).
 */
package io.github.lxt4j.models.mixtral;
