package io.github.lxt4j.autograd;

import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.rules.UnsupportedRuleException;
import io.github.lxt4j.tensor.Tensor;

/**
 * A differentiable op. Subclasses compute their forward in a static {@code apply(...)}, keep what their backward
 * needs, and call {@link #record}. {@link #backward} turns output relevance into input relevance under a rule.
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
    protected void release() {
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
        tape.add(node);
        return outs;
    }

    protected final Var record1(Site site, Tensor output, Var... inputs) {
        return record(site, inputs, output)[0];
    }

    /** For single-output ops. */
    public abstract static class Unary extends Op {
        @Override
        protected final Tensor[] backward(Tensor[] outRelevance, Rule rule) {
            return backward(outRelevance[0], rule);
        }

        protected abstract Tensor[] backward(Tensor outRelevance, Rule rule);
    }

    protected final UnsupportedRuleException unsupported(Rule rule, String supported) {
        return new UnsupportedRuleException(name(), currentSite, rule, supported);
    }

    /** The path of the site whose backward is running, for messages. */
    protected final String sitePath() {
        return currentSite;
    }

    private String currentSite = "?";

    final void enteringBackward(Site site) {
        currentSite = site.path();
    }

    protected static boolean isGradient(Rule r) {
        return r instanceof Rules.Gradient;
    }

    protected static boolean isStop(Rule r) {
        return r instanceof Rules.StopRelevance;
    }
}
