/**
 * Checkpoints in the layout that transformers + bitsandbytes save: 4-bit NF4/FP4 weights with their packed quant
 * state (optionally double-quantized) and LLM.int8 weights with {@code SCB} row scales; read memory-mapped and
 * written by {@code lxt4j quantize --save} (docs/quantization.md).
 */
package io.github.lxt4j.models.bnb;
