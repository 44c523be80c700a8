package io.github.lxt4j.autograd;

import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Site;

/** One recorded application of an op: its inputs and outputs, and the rule in force when it ran. */
final class Node {
    final Tape tape;
    final Op op;
    final Site site;
    final Rule rule;
    final Var[] inputs;
    Var[] outputs;

    Node(Tape tape, Op op, Site site, Rule rule, Var[] inputs) {
        this.tape = tape;
        this.op = op;
        this.site = site;
        this.rule = rule;
        this.inputs = inputs;
    }

    Tape tape() {
        return tape;
    }

    String describe() {
        return op.name() + " at '" + site.path() + "' (" + rule.describe() + ")";
    }
}
