package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/** Plain MLP {@code fc2(act(fc1(x)))} (ViT, CLIP, original T5). Site {@code act} on the activation. */
public final class Mlp extends Module implements FeedForward {

    private final Linear fc1;
    private final Linear fc2;
    private final Activation act;
    private final Site actSite;

    public Mlp(String path, Linear fc1, Linear fc2, Activation act) {
        super(path);
        this.fc1 = child(fc1);
        this.fc2 = child(fc2);
        this.act = act;
        this.actSite = site(OpKind.ACTIVATION, "act");
    }

    public Var forward(Var x) {
        return fc2.forward(ActivationOp.apply(actSite, fc1.forward(x), act));
    }
}
