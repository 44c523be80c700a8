package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.ConcatOp;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.IndexSelectOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.RepeatInterleaveOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.GatedMlp;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * A sparse mixture of experts (Mixtral's {@code block_sparse_moe}, Qwen3-MoE's {@code mlp}); {@link MoeSpec} holds
 * what differs between them. Per token: router logits ({@code gate}, ε), softmax over experts
 * ({@code router_softmax}, the Taylor rule), top-k (the selection gets no relevance), where the spec says so
 * renormalisation w/Σw ({@code routing_renorm}, ε), then each selected expert (a gated MLP, {@code experts.E})
 * times its weight ({@code expert_mul}, uniform), summed over the k experts ({@code expert_sum}, ε).
 *
 * <p>As in HF, each expert runs only on the tokens routed to it: token rows are repeated k times, permuted into
 * expert order, sliced per expert, and the expert outputs are permuted back. Both permutations are structural ops
 * whose relevance goes back through the inverse permutation.
 */
public final class SparseMoeBlock extends Module implements FeedForward {

    /** What one forward pass routed: for each expert, the token rows (of the flattened batch) it ran on. */
    record Routing(String path, int tokens, double[] probabilities, long[][] tokensPerExpert, long[] expertRows) {}

    /** Package-private hook for tests: sees every routing decision. */
    interface RoutingListener {
        void routed(Routing routing);

        /** Expert {@code expert} ran on an input of {@code rows} token rows. */
        void expertRan(String path, int expert, long rows);
    }

    private final Linear router;
    private final List<GatedMlp> experts = new ArrayList<>();
    private final int numExperts;
    private final int topK;
    private final long hidden;
    private final Site softmax;
    private final Site renorm;
    private final Site expertMul;
    private final Site expertSum;
    private RoutingListener listener;

    /**
     * The block at {@code path} of layer {@code layer}: {@code path.gate} [E, hidden] and the experts
     * {@code path.experts.E.{gate,up,down}} named as {@code spec} says.
     *
     * @throws MissingExpertException if the checkpoint lacks a weight of one of the declared experts
     */
    public SparseMoeBlock(String path, MoeSpec spec, WeightSource w, int layer) {
        super(path);
        this.numExperts = spec.numExperts();
        this.topK = spec.topK();
        this.hidden = spec.hidden();
        long f = spec.expertSize();
        String[] projections = {spec.gateProj(), spec.upProj(), spec.downProj()};
        for (int e = 0; e < numExperts; e++) {
            for (String proj : projections) {
                String key = path + ".experts." + e + "." + proj + ".weight";
                if (!w.has(key)) {
                    throw new MissingExpertException(key, w.source(), layer, e, spec);
                }
            }
        }
        router = child(w.linear(join(path, "gate"), numExperts, hidden, false));
        for (int e = 0; e < numExperts; e++) {
            String p = path + ".experts." + e;
            experts.add(child(new GatedMlp(
                    p,
                    w.linear(p + "." + spec.gateProj(), f, hidden, false),
                    w.linear(p + "." + spec.upProj(), f, hidden, false),
                    w.linear(p + "." + spec.downProj(), hidden, f, false),
                    spec.activation())));
        }
        softmax = site(OpKind.SOFTMAX, "router_softmax");
        renorm = spec.renormalize() ? site(OpKind.DIV, "routing_renorm") : null;
        expertMul = site(OpKind.MUL, "expert_mul");
        expertSum = site(OpKind.ADD, "expert_sum");
    }

    public int numExperts() {
        return numExperts;
    }

    public int topK() {
        return topK;
    }

    /** Whether the top-k routing weights are renormalised to sum 1. */
    public boolean renormalizes() {
        return renorm != null;
    }

    void setRoutingListener(RoutingListener l) {
        this.listener = l;
    }

    /** x [B, T, hidden] → [B, T, hidden]. */
    @Override
    public Var forward(Var x) {
        long[] shape = x.shape();
        int n = (int) (shape[0] * shape[1]);
        Var flat = ReshapeOp.apply(x, n, hidden);
        Var probs = SoftmaxOp.apply(softmax, router.forward(flat), -1); // [N, E]
        GatherOp.Result top = GatherOp.topk(probs, topK, -1); // [N, k]
        Var weights = renorm != null ? RenormalizeOp.apply(renorm, top.values()) : top.values();
        long[] chosen = top.indices().toLongArray(); // slot p = token·k + j

        // slots grouped by expert, in token order within an expert
        long[] order = new long[n * topK];
        long[] rows = new long[numExperts];
        long[][] tokensPerExpert = new long[numExperts][];
        int at = 0;
        for (int e = 0; e < numExperts; e++) {
            int start = at;
            for (int p = 0; p < chosen.length; p++) {
                if (chosen[p] == e) {
                    order[at++] = p;
                }
            }
            rows[e] = at - start;
            tokensPerExpert[e] = new long[at - start];
            for (int i = start; i < at; i++) {
                tokensPerExpert[e][i - start] = order[i] / topK;
            }
        }
        if (listener != null) {
            listener.routed(new Routing(path(), n, probs.value().toDoubleArray(), tokensPerExpert, rows.clone()));
        }

        Var slots = RepeatInterleaveOp.apply(flat, 0, topK); // [N·k, hidden], slot order
        Var byExpert = IndexSelectOp.apply(slots, 0, order); // expert order
        List<Var> outs = new ArrayList<>();
        long offset = 0;
        for (int e = 0; e < numExperts; e++) {
            if (rows[e] == 0) {
                continue;
            }
            Var in = SliceOp.apply(byExpert, 0, offset, offset + rows[e]);
            if (listener != null) {
                listener.expertRan(path(), e, in.shape()[0]);
            }
            outs.add(experts.get(e).forward(in));
            offset += rows[e];
        }
        Var expertOut = outs.size() == 1 ? outs.get(0) : ConcatOp.apply(outs, 0);
        Var bySlot = IndexSelectOp.apply(expertOut, 0, inverse(order)); // back to slot order
        Var weighted = MulOp.apply(expertMul, bySlot, ReshapeOp.apply(weights, (long) n * topK, 1));
        Var perToken = ReshapeOp.apply(weighted, n, topK, hidden);
        Var sum = SliceOp.select(perToken, 1, 0);
        for (int j = 1; j < topK; j++) {
            sum = AddOp.apply(expertSum, sum, SliceOp.select(perToken, 1, j));
        }
        return ReshapeOp.apply(sum, shape);
    }

    private static long[] inverse(long[] p) {
        long[] inv = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            inv[(int) p[i]] = i;
        }
        return inv;
    }
}
