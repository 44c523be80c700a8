/**
 * Weight storage forms and how they are widened to the compute dtype: dense ({@link DenseWeight}), bf16/f16 ({@link
 * HalfWeight}), int8 and the 4-bit codes NF4 and FP4 as bitsandbytes stores them, all behind {@link StoredWeight};
 * {@link WeightFormat} names them and {@link WidenCache} reuses widened weights within a checkpointed segment
 * (docs/quantization.md).
 */
package io.github.lxt4j.tensor.storage;
