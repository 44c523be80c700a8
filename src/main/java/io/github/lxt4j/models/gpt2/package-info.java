/**
 * GPT-2 ({@link Gpt2LMHeadModel}): learned absolute positions added before the first block, pre-LN blocks with Conv1D
 * weights transposed at load, a head tied to the token table, both hub key layouts ({@link Gpt2CheckpointLayout}); its
 * config and bench presets (docs/models-gpt2.md).
 */
package io.github.lxt4j.models.gpt2;
