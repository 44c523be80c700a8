package io.github.lxt4j.autograd;

import io.github.lxt4j.rules.OpRule;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.UnsupportedRuleException;
import io.github.lxt4j.tensor.Tensor;
import java.util.Optional;

/** What an {@link Op.Unary} shows an {@link OpRule} during its backward. */
final class RuleContext implements OpRule.Context {
    private final Op.Unary op;

    RuleContext(Op.Unary op) {
        this.op = op;
    }

    @Override
    public String op() {
        return op.name();
    }

    @Override
    public String site() {
        return op.sitePath();
    }

    @Override
    public int arity() {
        return op.arity();
    }

    @Override
    public Tensor input(int i) {
        return op.inputValue(i);
    }

    @Override
    public Tensor output() {
        return op.output();
    }

    @Override
    public Tensor[] vjp(Tensor g) {
        return op.vjp(g);
    }

    @Override
    public <T> Optional<T> as(Class<T> capability) {
        return capability.isInstance(op) ? Optional.of(capability.cast(op)) : Optional.empty();
    }

    @Override
    public UnsupportedRuleException unsupported(Rule rule) {
        return op.unsupported(rule);
    }
}
