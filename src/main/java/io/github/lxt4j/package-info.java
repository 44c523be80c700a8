/**
 * The root of lxt4j: the exception every lxt4j failure extends ({@link Lxt4jException}), and the probe for the optional
 * dependencies ({@link OptionalDependency}, {@link ClassPathProbe}) whose absence is a {@link
 * MissingDependencyException} naming the artifact to add. The packages below it form layers, each importing only those
 * beneath it (docs/architecture.md): {@code tensor}, {@code rules}, {@code autograd}, {@code nn} and {@code io}, {@code
 * models}, {@code explain}, then {@code viz}, {@code eval}, {@code spark}, {@code bench} and {@code cli}.
 */
package io.github.lxt4j;
