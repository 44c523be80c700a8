/**
 * Faithfulness of explanations: hit@k against a known source position ({@link HitAtK}), MoRF/LeRF perturbation curves
 * and their ABPC ({@link Perturbation}), input-level conservation ({@link Conservation}), the datasets they run on and
 * the {@link EvalReport}. {@link Evaluator} asks the explainers for the explanations and scores what comes back; it
 * never renders (docs/eval.md).
 */
package io.github.lxt4j.eval;
