/**
 * The ND4J backend on the CPU ({@link Nd4jBackend}, an optional dependency), in float32 or float64: arrays freed when
 * they or their scope close, matmuls, indexing and masks written for ND4J's API.
 */
package io.github.lxt4j.tensor.nd4j;
