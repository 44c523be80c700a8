/**
 * Modules built from the ops, which models assemble: {@link Linear}, {@link Embedding}, {@link RmsNorm}, {@link
 * LayerNorm}, {@link Mlp}, {@link GatedMlp}, {@link AttentionCore} and RoPE ({@link RotaryEmbedding}, {@link
 * RopeScaling}). A {@link Module} owns its op sites under its path, so a composite reaches every op of a model by kind
 * and by path; a model that is not a family is assembled from them (docs/extending.md).
 */
package io.github.lxt4j.nn;
