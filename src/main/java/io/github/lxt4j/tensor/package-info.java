/**
 * The backend SPI, the only code that touches DJL or ND4J arrays: {@link Tensor}, {@link Backend} and {@link Backends},
 * {@link DType}, ownership by {@link TensorScope}, and the generic convolution helpers ({@link Convolutions}).
 * Everything above computes on {@link Tensor} (docs/backends.md).
 */
package io.github.lxt4j.tensor;
