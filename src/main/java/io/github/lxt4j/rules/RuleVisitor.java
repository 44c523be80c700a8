package io.github.lxt4j.rules;

/**
 * One method per kind of {@link Rule}: the single place where code branches on it. The first seven are the rules
 * every op knows; {@link #linear} takes every {@link LinearRule} and {@link #custom} every {@link OpRule}, so a rule
 * added in either form adds no method here.
 */
public interface RuleVisitor<T> {
    T gradient(Rules.Gradient rule);

    T epsilon(Rules.Epsilon rule);

    T identity(Rules.Identity rule);

    T stop(Rules.StopRelevance rule);

    T uniform(Rules.Uniform rule);

    T uniformEpsilon(Rules.UniformEpsilon rule);

    T softmaxTaylor(Rules.SoftmaxTaylor rule);

    T linear(LinearRule rule);

    T custom(OpRule rule);
}
