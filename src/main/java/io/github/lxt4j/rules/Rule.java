package io.github.lxt4j.rules;

/**
 * An LRP rule, as a value. Sealed: the rules are exactly the records in {@link Rules}, and every op knows each of
 * them, either applying it or refusing it with {@link UnsupportedRuleException}. A rule written outside lxt4j would
 * carry no maths that an op could apply, so it is not an extension point (docs/rules.md, "Why Rule is sealed").
 * Code that acts on the kind of rule does so through {@link #accept(RuleVisitor)}.
 */
public sealed interface Rule permits Rules.Epsilon, Rules.Identity, Rules.Uniform, Rules.UniformEpsilon,
        Rules.StopRelevance, Rules.SoftmaxTaylor, Rules.Gradient, Rules.Gamma, Rules.ZPlus, Rules.AlphaBeta,
        Rules.Flat, Rules.WSquare, Rules.ZBox {

    /** A short name for reports, e.g. {@code epsilon(1e-9)}. */
    String describe();

    /** Calls the visitor's method for this rule. */
    <T> T accept(RuleVisitor<T> visitor);
}
