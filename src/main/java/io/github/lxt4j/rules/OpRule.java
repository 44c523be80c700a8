package io.github.lxt4j.rules;

import io.github.lxt4j.tensor.Tensor;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule for any op: a function from the op's saved inputs, its output and the relevance of that output to the
 * relevance of each input. The op hands it a {@link Context}; every op with maths of its own applies it (structural
 * ops and constant scales route R back unchanged, as under every LRP rule). For example LRP-ε written by hand:
 * <pre>{@code
 * OpRule eps = OpRule.of("my-epsilon", (op, r) -> {
 *     Tensor[] rel = op.vjp(r.divStabilized(op.output(), 1e-9));
 *     for (int i = 0; i < rel.length; i++) {
 *         rel[i] = rel[i] == null || op.input(i) == null ? null : rel[i].mul(op.input(i));
 *     }
 *     return rel;
 * });
 * }</pre>
 * A rule with maths particular to some ops states it as an interface of its own, which those ops implement; its
 * function finds it with {@link Context#as} and refuses the other ops with {@link Context#unsupported}.
 */
public non-sealed interface OpRule extends Rule {

    /**
     * One tensor per input, shaped like it (null for an input that gets no relevance): tensors computed here, or r
     * itself, never one of the context's inputs or output.
     */
    Tensor[] relevance(Context op, Tensor r);

    @Override
    default <T> T accept(RuleVisitor<T> visitor) {
        return visitor.custom(this);
    }

    /** A rule named {@code name} that computes {@code f}. */
    static OpRule of(String name, Function f) {
        return new Named(name, f);
    }

    /** The function of {@link #of}. */
    @FunctionalInterface
    interface Function {
        Tensor[] apply(Context op, Tensor r);
    }

    /** What an op shows a rule during its backward. Tensors it returns belong to the op: do not write into them. */
    interface Context {
        /** The op's name, e.g. {@code Linear} or {@code silu}. */
        String op();

        /** The path of the op's site. */
        String site();

        /** The number of inputs. */
        int arity();

        /** The value of input i as the forward saw it (null for an input that is not a Var). */
        Tensor input(int i);

        /** The op's output, z of the rules. */
        Tensor output();

        /**
         * The op's exact vector-Jacobian product {@code Jᵀg}, one tensor per input (null: none). An entry may be g
         * itself, so compute from them rather than writing into them.
         */
        Tensor[] vjp(Tensor g);

        /** The op as {@code capability}, if it implements it: how a rule reaches maths particular to some ops. */
        <T> Optional<T> as(Class<T> capability);

        /** The exception for an op that has no meaning for {@code rule}, naming op, site and rule. */
        UnsupportedRuleException unsupported(Rule rule);
    }

    /** A rule made of a name and a function. */
    record Named(String name, Function f) implements OpRule {
        public Named {
            Objects.requireNonNull(name);
            Objects.requireNonNull(f);
        }

        @Override
        public Tensor[] relevance(Context op, Tensor r) {
            return f.apply(op, r);
        }

        @Override
        public String describe() {
            return name;
        }
    }
}
