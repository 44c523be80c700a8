/**
 * Which BLAS computes the dense layers' GEMMs of CPU float32 tensors: libtorch's (MKL) or OpenBLAS through JavaCPP,
 * an optional dependency. {@link Blas} holds the setting ({@code -Dlxt4j.blas}, {@code LXT4J_BLAS}: auto, torch or
 * openblas) and the per-machine choice, calibrated once and cached on disk ({@link BlasCalibration}); {@link
 * OpenBlasGemm} runs OpenBLAS single-threaded on column tiles that a small pool of threads claims one at a time
 * (docs/performance.md, "GEMM: OpenBLAS vs libtorch").
 */
package io.github.lxt4j.tensor.blas;
