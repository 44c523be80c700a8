package io.github.lxt4j.eval;

/**
 * An {@link EvalExample} with its prompt's token ids, checked against them (the source position lies within the
 * prompt's ranked positions).
 */
public record EvalItem(EvalExample example, long[] ids) {}
