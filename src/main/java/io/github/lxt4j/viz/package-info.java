/**
 * Rendering of relevance: token heatmaps (terminal, HTML, SVG, PNG, LaTeX, PDF), image heatmaps and grids, and the
 * cleaning of sub-word tokens into displayable text.
 *
 * <p>Inputs are plain Java values: {@code String[]} tokens with one {@code double[]} or {@code float[]} relevance
 * each, {@code float[][]} relevance maps and {@code BufferedImage}s. Every renderer normalises the
 * relevance by its maximum absolute value ({@link RelevanceNormalizer}) and colors it with
 * matplotlib's {@code bwr} map ({@link Colormap#BWR}): blue is negative, white zero, red positive.
 * This package knows nothing of tensors or autograd.
 */
package io.github.lxt4j.viz;
