/**
 * The explicit relevance tape: {@link Var} (a tensor and its relevance), {@link Tape} (records ops and runs the
 * relevance pass in reverse), {@link Op} (with {@link Op.Unary}, the one place that branches on a rule), {@link
 * Checkpoint} (recomputes a segment during the backward) and {@link ConservationReport}. With the Gradient rule
 * everywhere it is plain reverse-mode autograd; an op written outside lxt4j extends {@link Op.Unary} like the built-in
 * ones (docs/autograd.md, docs/extending.md).
 */
package io.github.lxt4j.autograd;
