/**
 * The DJL backend on PyTorch ({@link DjlBackend}): one base NDManager per device, one sub-manager per
 * {@code TensorScope} so that closing a scope frees its results and DJL's temporaries.
 */
package io.github.lxt4j.tensor.djl;
