package io.github.lxt4j.rules;

/** One method per rule: the single place where code branches on the kind of a {@link Rule}. */
public interface RuleVisitor<T> {
    T gradient(Rules.Gradient rule);

    T epsilon(Rules.Epsilon rule);

    T identity(Rules.Identity rule);

    T stop(Rules.StopRelevance rule);

    T uniform(Rules.Uniform rule);

    T uniformEpsilon(Rules.UniformEpsilon rule);

    T softmaxTaylor(Rules.SoftmaxTaylor rule);

    T gamma(Rules.Gamma rule);

    T zPlus(Rules.ZPlus rule);

    T alphaBeta(Rules.AlphaBeta rule);

    T flat(Rules.Flat rule);

    T wSquare(Rules.WSquare rule);

    T zBox(Rules.ZBox rule);
}
