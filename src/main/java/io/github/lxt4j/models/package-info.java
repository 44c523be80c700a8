/**
 * Forward-only models and how they are found: the capabilities ({@link CausalLm}, {@link Seq2SeqLm}, {@link
 * DualEncoder}) that explainers, the CLI, {@code eval}, {@code bench} and Spark program against, the registry ({@link
 * AutoModel}, {@link ModelFamily}), the shared decoder skeleton ({@link DecoderModel}, {@link CausalMask}, {@link
 * DecoderOptions}) and weight loading ({@link WeightSource}, {@link ModelBuilder}). One sub-package per family; nothing
 * here explains or renders (docs/architecture.md, "Adding a model family").
 */
package io.github.lxt4j.models;
