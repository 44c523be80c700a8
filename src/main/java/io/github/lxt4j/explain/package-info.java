/**
 * Explaining a model: {@link AttributionEngine}, the one explain routine (composite, tape, forward from the relevance
 * leaves, target, seed, relevance pass), and one thin explainer per capability ({@link CausalLmExplainer}, {@link
 * T5Explainer}, {@link ClipExplainer}), with targets ({@link Target}, {@link TargetSelector}), methods ({@link
 * Method}), the result records, the batch contract ({@link BatchExplainable}) and the checks on inputs and results
 * ({@link InputValidator}, {@link FiniteCheck}).
 */
package io.github.lxt4j.explain;
