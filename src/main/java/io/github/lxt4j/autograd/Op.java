package io.github.lxt4j.autograd;

import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.OpRule;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.rules.UnsupportedRuleException;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A differentiable op. Subclasses compute their forward in a static {@code apply(...)}, keep what their backward
 * needs, and call {@link #record}. {@link #backward} turns output relevance into input relevance under a rule;
 * single-output ops extend {@link Unary}, which applies the generic rules from the op's vector-Jacobian product.
 */
public abstract class Op {

    /** Op name for messages and reports. */
    public String name() {
        return getClass().getSimpleName().replaceFirst("Op$", "");
    }

    /**
     * Relevance for each input (null where an input gets none), given the relevance of each output (null where an
     * output received none). Runs inside a scope that is closed afterwards: return only what the inputs keep.
     */
    protected abstract Tensor[] backward(Tensor[] outRelevance, Rule rule);

    /** Recomputes nothing; drops references to saved tensors once backward has run. */
    protected void release() {}

    /** Called once the op was recorded on a tape, with its inputs and outputs. */
    void recorded(Var[] inputs, Tensor[] outputs) {}

    /** Drops everything the op holds, once its backward has run or its tape closed. */
    void finish() {
        release();
    }

    /** Records this op if a tape is recording and an input needs relevance; returns the output Vars. */
    protected final Var[] record(Site site, Var[] inputs, Tensor... outputs) {
        Tape tape = Tape.recordingTape();
        boolean needs = false;
        for (Var v : inputs) {
            needs |= v != null && v.requiresGrad();
        }
        Var[] outs = new Var[outputs.length];
        if (tape == null || !needs) {
            for (int i = 0; i < outputs.length; i++) {
                outs[i] = Var.constant(outputs[i]);
            }
            release();
            return outs;
        }
        Node node = new Node(tape, this, site, site.rule(), inputs);
        for (int i = 0; i < outputs.length; i++) {
            outs[i] = new Var(outputs[i], true, node);
        }
        node.outputs = outs;
        recorded(inputs, outputs);
        tape.add(node);
        return outs;
    }

    protected final Var record1(Site site, Tensor output, Var... inputs) {
        return record(site, inputs, output)[0];
    }

    /** The path of the site whose backward is running, for messages. */
    protected final String sitePath() {
        return currentSite;
    }

    private String currentSite = "?";

    final void enteringBackward(Site site) {
        currentSite = site.path();
    }

    /** The rules of {@code rules}, for an op's {@link Unary#rules()}. */
    @SafeVarargs
    protected static Set<Class<? extends Rule>> rules(Class<? extends Rule>... rules) {
        return Set.of(rules);
    }

    /** Every rule: for ops that route relevance the same way under each. */
    @SuppressWarnings("unchecked")
    protected static final Set<Class<? extends Rule>> ALL_RULES = Arrays.stream(Rule.class.getPermittedSubclasses())
            .map(c -> (Class<? extends Rule>) c)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * A single-output op. It states the rules it accepts ({@link #rules()}) and its vector-Jacobian product
     * ({@link #vjp}); Gradient, Epsilon, Identity and StopRelevance then follow generically, as LXT's
     * {@code epsilon_lrp_fn} does, and the op overrides only what is special to it. {@link #backward} is the one
     * place where a rule's kind picks the code that runs.
     */
    public abstract static class Unary extends Op {

        private Tensor[] inputValues;
        private Tensor outputValue;

        /**
         * The rules this op accepts: rule classes, or an interface such as {@link LinearRule} for every rule of that
         * kind; any other throws {@link UnsupportedRuleException}. An {@link OpRule} is not listed: every op runs it.
         */
        protected abstract Set<Class<? extends Rule>> rules();

        /**
         * Jᵀg for each input, shaped like it (null for an input that gets none). Where the generic ε applies, each
         * entry must be g itself or a tensor computed here, never a saved forward tensor nor a view of g or of another
         * entry, because ε overwrites it.
         */
        protected abstract Tensor[] vjp(Tensor g);

        /**
         * The Jacobian that ε uses: {@link #vjp} unless the op holds part of its forward constant for LRP (LXT's
         * detach, e.g. the 1/std of a norm). Same contract as {@link #vjp}.
         */
        protected Tensor[] epsilonVjp(Tensor g) {
            return vjp(g);
        }

        @Override
        final void recorded(Var[] inputs, Tensor[] outputs) {
            inputValues = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputValues[i] = inputs[i] == null ? null : inputs[i].value();
            }
            outputValue = outputs[0];
        }

        @Override
        final void finish() {
            inputValues = null;
            outputValue = null;
            release();
        }

        /** z of the rules: the output, bias included. Only during backward. */
        protected final Tensor output() {
            return outputValue;
        }

        @Override
        protected final Tensor[] backward(Tensor[] outRelevance, Rule rule) {
            if (!accepts(rule)) {
                throw unsupported(rule);
            }
            return rule.accept(new RuleDispatch(this, outRelevance[0]));
        }

        /** Whether {@link #rules()} holds the rule's class or an interface it implements; an OpRule decides itself. */
        private boolean accepts(Rule rule) {
            if (rule instanceof OpRule) {
                return true;
            }
            for (Class<? extends Rule> c : rules()) {
                if (c.isInstance(rule)) {
                    return true;
                }
            }
            return false;
        }

        /** LRP-ε (AttnLRP Eq. 6) for each input x: {@code x ⊙ Jᵀ(R / stab(z))}. */
        protected Tensor[] epsilon(Tensor r, double eps) {
            return epsilonOf(r.divStabilized(outputValue, eps));
        }

        /** {@code x ⊙ Jᵀs} for each input x, given {@code s = R / stab(z)} that this op computed and may overwrite. */
        protected final Tensor[] epsilonOf(Tensor s) {
            Tensor[] rel = epsilonVjp(s);
            for (int i = 0; i < rel.length; i++) {
                if (inputValues[i] == null) {
                    rel[i] = null;
                } else if (rel[i] != null) {
                    rel[i] = usedLater(rel, i) ? rel[i].mul(inputValues[i]) : rel[i].mulInPlace(inputValues[i]);
                }
            }
            return rel;
        }

        private static boolean usedLater(Tensor[] rel, int i) {
            for (int j = i + 1; j < rel.length; j++) {
                if (rel[j] == rel[i]) {
                    return true;
                }
            }
            return false;
        }

        /** R to each input, summed over the axes along which it was broadcast. */
        protected Tensor[] identity(Tensor r) {
            Tensor[] rel = new Tensor[inputValues.length];
            for (int i = 0; i < rel.length; i++) {
                rel[i] = inputValues[i] == null ? null : Broadcasting.reduceTo(r, inputValues[i].shape());
            }
            return rel;
        }

        protected Tensor[] uniform(Tensor r) {
            throw undeclared("uniform");
        }

        protected Tensor[] uniformEpsilon(Tensor r, double eps) {
            throw undeclared("uniform-epsilon");
        }

        protected Tensor[] softmaxTaylor(Tensor r) {
            throw undeclared("softmax-taylor");
        }

        /** A {@link LinearRule}: linear-type ops apply it to their map ({@link LinearRule.Layer}). */
        protected Tensor[] linear(Tensor r, LinearRule rule) {
            throw undeclared(rule.describe());
        }

        /** An {@link OpRule}: its function, on this op's saved inputs and output. */
        protected Tensor[] custom(Tensor r, OpRule rule) {
            return rule.relevance(new RuleContext(this), r);
        }

        /** A rule listed in {@link #rules()} without its method: a bug in the op, not in the caller's input. */
        private IllegalStateException undeclared(String rule) {
            return new IllegalStateException(
                    "op " + name() + " lists rule " + rule + " among its rules but does not implement it");
        }

        final UnsupportedRuleException unsupported(Rule rule) {
            String supported = Arrays.stream(Rule.class.getPermittedSubclasses())
                    .filter(rules()::contains)
                    .map(Class::getSimpleName)
                    .collect(Collectors.joining(", "));
            return new UnsupportedRuleException(name(), sitePath(), rule, supported);
        }

        final int arity() {
            return inputValues.length;
        }

        /** Input i's value as the forward saw it (null for none). Only during backward. */
        final Tensor inputValue(int i) {
            return inputValues[i];
        }
    }
}
