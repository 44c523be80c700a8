package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * Gated MLP {@code down(act(gate(x)) ⊙ up(x))} (LLaMA's SwiGLU, T5's gated-GELU). Sites: {@code gate_act} on the
 * activation of the gate branch and {@code gate_mul} on the product, which CP-LRP stops and passes respectively.
 */
public final class GatedMlp extends Module implements FeedForward {

    private final Linear gate;
    private final Linear up;
    private final Linear down;
    private final Activation act;
    private final Site actSite;
    private final Site mulSite;

    public GatedMlp(String path, Linear gate, Linear up, Linear down, Activation act) {
        super(path);
        this.gate = child(gate);
        this.up = child(up);
        this.down = child(down);
        this.act = act;
        this.actSite = site(OpKind.ACTIVATION, "gate_act");
        this.mulSite = site(OpKind.MUL, "gate_mul");
    }

    public Var forward(Var x) {
        Var g = ActivationOp.apply(actSite, gate.forward(x), act);
        return down.forward(MulOp.apply(mulSite, g, up.forward(x)));
    }
}
