package io.github.lxt4j.spark;

/**
 * What identifies a loaded model in an executor JVM: the folder as the executor sees it and the load options.
 *
 * @param weights the storage form of the weights ({@code f32}: widened to the compute dtype at load)
 */
public record ModelKey(String folder, String backend, String device, String dtype, String weights) {}
