/**
 * Benchmarks of any registered model family on random weights ({@link RandomWeights}): load, forward and explanation
 * times with their peak memory ({@link BenchRunner}), the target explained per capability ({@link BenchTargets}) and
 * the presets with the published shapes ({@link BenchPresets}); the {@code bench} command's library part
 * (docs/performance.md).
 */
package io.github.lxt4j.bench;
