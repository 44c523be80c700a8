package example.userland;

import io.github.lxt4j.rules.OpRule;
import io.github.lxt4j.tensor.Tensor;

/**
 * A rule with maths particular to some ops, written outside lxt4j: the ops it applies to implement {@link Halves};
 * every other op refuses it.
 */
public record HalfRule() implements OpRule {

    /** What an op must have for this rule. */
    public interface Halves {
        Tensor[] half(Tensor r);
    }

    @Override
    public Tensor[] relevance(Context op, Tensor r) {
        return op.as(Halves.class).orElseThrow(() -> op.unsupported(this)).half(r);
    }

    @Override
    public String describe() {
        return "half";
    }
}
