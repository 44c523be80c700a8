package io.github.lxt4j.autograd;

import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.OpRule;
import io.github.lxt4j.rules.RuleVisitor;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;

/** Sends one backward call to the op's method for the rule; resolves ε defaults against the output's dtype. */
final class RuleDispatch implements RuleVisitor<Tensor[]> {
    private final Op.Unary op;
    private final Tensor r;

    RuleDispatch(Op.Unary op, Tensor r) {
        this.op = op;
        this.r = r;
    }

    @Override
    public Tensor[] gradient(Rules.Gradient rule) {
        return op.vjp(r);
    }

    @Override
    public Tensor[] epsilon(Rules.Epsilon rule) {
        return op.epsilon(r, rule.epsilon(op.output().dtype()));
    }

    @Override
    public Tensor[] identity(Rules.Identity rule) {
        return op.identity(r);
    }

    @Override
    public Tensor[] stop(Rules.StopRelevance rule) {
        return new Tensor[op.arity()];
    }

    @Override
    public Tensor[] uniform(Rules.Uniform rule) {
        return op.uniform(r);
    }

    @Override
    public Tensor[] uniformEpsilon(Rules.UniformEpsilon rule) {
        return op.uniformEpsilon(r, rule.epsilon(op.output().dtype()));
    }

    @Override
    public Tensor[] softmaxTaylor(Rules.SoftmaxTaylor rule) {
        return op.softmaxTaylor(r);
    }

    @Override
    public Tensor[] linear(LinearRule rule) {
        return op.linear(r, rule);
    }

    @Override
    public Tensor[] custom(OpRule rule) {
        return op.custom(r, rule);
    }
}
