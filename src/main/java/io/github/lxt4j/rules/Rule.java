package io.github.lxt4j.rules;

/**
 * An LRP rule, as a value. Sealed, with two open doors: the seven records that every op knows ({@link Rules}'
 * Gradient, Epsilon, Identity, StopRelevance, Uniform, UniformEpsilon and SoftmaxTaylor), and the two extension
 * points, {@link LinearRule} (for linear-type ops, with zennit's rules and {@link ModifierRule}) and {@link OpRule}
 * (a function of any op's saved inputs, output and relevance). A rule written outside lxt4j implements one of the
 * two; each op applies it or refuses it with {@link UnsupportedRuleException} (docs/architecture.md, "Rule is sealed,
 * with two open doors"). Code that acts on the kind of rule does so through {@link #accept(RuleVisitor)}.
 */
public sealed interface Rule
        permits Rules.Epsilon,
                Rules.Identity,
                Rules.Uniform,
                Rules.UniformEpsilon,
                Rules.StopRelevance,
                Rules.SoftmaxTaylor,
                Rules.Gradient,
                LinearRule,
                OpRule {

    /** A short name for reports, e.g. {@code epsilon(1e-9)}. */
    String describe();

    /** Calls the visitor's method for this rule. */
    <T> T accept(RuleVisitor<T> visitor);
}
