/**
 * T5 encoder-decoders ({@link T5ForConditionalGeneration}: T5, T5 v1.1, FLAN-T5, mT5): the encoder and decoder stacks,
 * their blocks and attention, the relative position bias as an additive constant ({@link RelativePositionBias}); config
 * and bench presets (docs/models-mixtral-t5.md).
 */
package io.github.lxt4j.models.t5;
