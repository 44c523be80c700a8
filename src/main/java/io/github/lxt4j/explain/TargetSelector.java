package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Turns last-position logits [B, V] into the explained value per row for a {@link Target}. The target's own ops
 * take the method's rules too: logit(a) − logit(b) is an ε add under AttnLRP and CP-LRP (so the relevance sums to
 * the difference), the probability target a softmax with the Taylor rule; gradient × input gets exact gradients.
 */
public final class TargetSelector {

    private final long vocab;
    private final Site targetSoftmax = Site.of(OpKind.SOFTMAX, "target.softmax");
    private final Site contrast = Site.of(OpKind.ADD, "target.contrast");
    private final Site negate = Site.of(OpKind.SCALE, "target.negate");

    public TargetSelector(long vocab) {
        this.vocab = vocab;
    }

    /** The explained values [B] and, per row, the token id(s) they refer to. */
    public record Selected(Var value, long[][] ids) {}

    public Selected select(Var logits, Target target) {
        int b = (int) logits.shape()[0];
        long[][] ids = new long[b][];
        if (target instanceof Target.Contrastive c) {
            return difference(logits, c.a(), c.b(), ids);
        }
        if (target instanceof Target.ProbabilityDifference d) {
            return difference(SoftmaxOp.apply(targetSoftmax, logits, -1, 1.0, null), d.a(), d.b(), ids);
        }
        int rows = target instanceof Target.PerRow p
                ? p.ids().length
                : target instanceof Target.EachRow e ? e.rows().size() : b;
        if (rows != b) {
            throw new InvalidInputException(
                    "a per-row target needs one entry per row: got " + rows + " for " + b + " rows");
        }
        long[] argmax = logits.value().argmax(1).toLongArray();
        long[] picks = new long[b];
        for (int i = 0; i < b; i++) {
            picks[i] = pick(target, i, argmax[i]);
            checkVocab(picks[i]);
            ids[i] = new long[] {picks[i]};
        }
        if (target instanceof Target.Probability) {
            Var probs = SoftmaxOp.apply(targetSoftmax, logits, -1, ((Target.Probability) target).temperature(), null);
            return new Selected(pick(probs, picks), ids);
        }
        return new Selected(pick(logits, picks), ids);
    }

    /** scores[a] − scores[b] per row: an ε add of a and the negated b, so relevance sums to the difference. */
    private Selected difference(Var scores, long a, long b, long[][] ids) {
        checkVocab(a);
        checkVocab(b);
        int rows = ids.length;
        Var neg = ScaleOp.apply(negate, pick(scores, fill(rows, b)), -1.0);
        Arrays.fill(ids, new long[] {a, b});
        return new Selected(AddOp.apply(contrast, pick(scores, fill(rows, a)), neg), ids);
    }

    /** {@link #select} as the {@link AttributionEngine}'s objective: the values [B], seeded whole. */
    public Objective objective(Var logits, Target target) {
        Selected sel = select(logits, target);
        return Objective.perRow(sel.value(), sel.ids());
    }

    /**
     * The sum of the logits of {@code tokens} at the last {@code tokens.length} positions of logits [1, T, V]: a
     * greedily generated span explained in one teacher-forced pass (each logit seeded with itself).
     */
    public Objective span(Var logits, long[] tokens) {
        int n = tokens.length;
        long t = logits.shape()[1];
        Var last = SliceOp.apply(logits, 1, t - n, t); // [1, n, V]
        Var picked = GatherOp.apply(last, 2, logits.value().backend().fromLongs(tokens.clone(), 1, n, 1));
        return Objective.sum(ReshapeOp.apply(picked, 1, n), tokens.clone());
    }

    /** Throws {@link InvalidInputException} for an id outside the vocabulary. */
    public void checkVocab(long id) {
        if (id < 0 || id >= vocab) {
            throw new InvalidInputException("target token id " + id + " is outside the vocabulary [0, " + vocab + ")");
        }
    }

    private static long pick(Target target, int row, long argmax) {
        if (target instanceof Target.Token t) {
            return t.id();
        }
        if (target instanceof Target.PerRow p) {
            return p.ids()[row];
        }
        if (target instanceof Target.EachRow e) {
            return pick(e.rows().get(row), row, argmax);
        }
        return argmax;
    }

    private static Var pick(Var flat, long[] ids) {
        Tensor idx = flat.value().backend().fromLongs(ids, ids.length, 1);
        return ReshapeOp.apply(GatherOp.apply(flat, 1, idx), ids.length);
    }

    private static long[] fill(int n, long v) {
        long[] out = new long[n];
        Arrays.fill(out, v);
        return out;
    }
}
