package io.github.lxt4j.models.phi3;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * Phi-3's gated MLP {@code down_proj(act(gate) ⊙ up)} with one fused {@code gate_up_proj} [2·I, hidden] whose
 * output is gate first, then up (HF's {@code chunk(2)}). Sites {@code gate_act} and {@code gate_mul}, as in
 * LLaMA's {@code GatedMlp}, so that every composite treats it as LLaMA's MLP.
 */
public final class Phi3Mlp extends Module implements FeedForward {

    private final long intermediate;
    private final Linear gateUp;
    private final Linear down;
    private final Activation act;
    private final Site actSite;
    private final Site mulSite;

    public Phi3Mlp(String path, long hidden, long intermediate, Activation act, WeightSource w) {
        super(path);
        this.intermediate = intermediate;
        this.gateUp = child(w.linear(join(path, "gate_up_proj"), 2 * intermediate, hidden, false));
        this.down = child(w.linear(join(path, "down_proj"), hidden, intermediate, false));
        this.act = act;
        this.actSite = site(OpKind.ACTIVATION, "gate_act");
        this.mulSite = site(OpKind.MUL, "gate_mul");
    }

    @Override
    public Var forward(Var x) {
        Var fused = gateUp.forward(x);
        Var gate = ActivationOp.apply(actSite, SliceOp.apply(fused, -1, 0, intermediate), act);
        Var up = SliceOp.apply(fused, -1, intermediate, 2 * intermediate);
        return down.forward(MulOp.apply(mulSite, gate, up));
    }
}
