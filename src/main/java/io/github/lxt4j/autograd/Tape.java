package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The explicit relevance tape. Ops applied while a tape records (and that touch a Var needing relevance) are
 * appended in forward order; {@link #backward} runs them in reverse from a seed. Each op's saved state is dropped
 * as soon as its backward has run. Relevance tensors belong to the {@link TensorScope} current at backward().
 */
public final class Tape implements AutoCloseable {

    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    /**
     * With -Dlxt4j.profile=true, backward time per op and rule is summed here and logged (info) at exit;
     * -Dlxt4j.profile=sites splits it further by site path.
     */
    private static final boolean PROFILE_SITES = "sites".equals(System.getProperty("lxt4j.profile"));

    private static final Map<String, Long> PROFILE =
            PROFILE_SITES || Boolean.getBoolean("lxt4j.profile") ? profile() : null;

    private static Map<String, Long> profile() {
        Map<String, Long> m = new ConcurrentHashMap<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> m.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> LoggerFactory.getLogger(Tape.class)
                                .info(String.format("[profile] %-40s %9.1f ms", e.getKey(), e.getValue() / 1e6)))));
        return m;
    }

    private final Tape previous;
    private final List<Node> nodes = new ArrayList<>();
    private boolean recording = true;
    private boolean retainAll;
    private ConservationReport.Builder conservation;
    private boolean closed;

    private Tape(Tape previous) {
        this.previous = previous;
    }

    /** Opens a tape on this thread and starts recording. */
    public static Tape record() {
        Tape t = new Tape(CURRENT.get());
        CURRENT.set(t);
        return t;
    }

    /** The tape recording on this thread, or null. */
    static Tape recordingTape() {
        Tape t = CURRENT.get();
        return t != null && t.recording ? t : null;
    }

    /** Whether a tape records on this thread: ops then remember what their relevance pass needs. */
    public static boolean isRecording() {
        return recordingTape() != null;
    }

    public static Tape current() {
        return CURRENT.get();
    }

    /** Keeps the relevance of every intermediate Var (costs memory: one tensor per op output). */
    public Tape retainAll() {
        retainAll = true;
        return this;
    }

    /** Records Σ relevance in and out of every op during backward, for {@link #conservationReport()}. */
    public Tape trackConservation() {
        conservation = new ConservationReport.Builder();
        return this;
    }

    public ConservationReport conservationReport() {
        if (conservation == null) {
            throw new IllegalStateException("open the tape with trackConservation() to get a conservation report");
        }
        return conservation.build();
    }

    /** Ops run inside {@code body} are not recorded. */
    public static <T> T noRecord(Supplier<T> body) {
        Tape t = CURRENT.get();
        if (t == null || !t.recording) {
            return body.get();
        }
        t.recording = false;
        try {
            return body.get();
        } finally {
            t.recording = true;
        }
    }

    void add(Node node) {
        if (closed) {
            throw new IllegalStateException("tape is closed");
        }
        nodes.add(node);
    }

    public int size() {
        return nodes.size();
    }

    /** Drops the ops recorded after the first {@code size} (they are never run backward); for undoing a segment. */
    void rewind(int size) {
        if (closed) {
            throw new IllegalStateException("tape is closed");
        }
        for (int n = nodes.size() - 1; n >= size; n--) {
            nodes.remove(n).op.finish();
        }
    }

    /** Runs the relevance pass from {@code outputs}, each seeded with the matching tensor. */
    public void backward(Var[] outputs, Tensor[] seeds) {
        if (closed) {
            throw new IllegalStateException("tape is closed");
        }
        TensorScope scope = TensorScope.current();
        for (int i = 0; i < outputs.length; i++) {
            if (!Arrays.equals(outputs[i].shape(), seeds[i].shape())) {
                throw new IllegalArgumentException(
                        "seed shape " + Arrays.toString(seeds[i].shape()) + " does not match " + outputs[i]);
            }
            outputs[i].accumulate(seeds[i].copy());
        }
        Map<Var, Boolean> keep = new IdentityHashMap<>();
        for (Var o : outputs) {
            keep.put(o, Boolean.TRUE);
        }
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Node node = nodes.get(n);
            long t0 = PROFILE != null ? System.nanoTime() : 0;
            runNode(node, scope, keep);
            if (PROFILE != null) {
                String key =
                        node.op.name() + " " + node.rule.describe() + (PROFILE_SITES ? " " + node.site.path() : "");
                PROFILE.merge(key, System.nanoTime() - t0, Long::sum);
            }
            nodes.set(n, null);
        }
        nodes.clear();
    }

    private void runNode(Node node, TensorScope scope, Map<Var, Boolean> keep) {
        Tensor[] outRel = new Tensor[node.outputs.length];
        boolean any = false;
        for (int i = 0; i < outRel.length; i++) {
            outRel[i] = node.outputs[i].hasGrad() ? node.outputs[i].grad() : null;
            any |= outRel[i] != null;
        }
        if (!any) {
            node.op.finish();
            return;
        }
        node.op.enteringBackward(node.site);
        Tensor[] kept = new Tensor[node.inputs.length];
        try (TensorScope local = TensorScope.open()) {
            Tensor[] inRel = node.op.backward(outRel, node.rule);
            if (inRel.length != node.inputs.length) {
                throw new IllegalStateException(node.describe() + " returned " + inRel.length + " relevances for "
                        + node.inputs.length + " inputs");
            }
            if (conservation != null) {
                conservation.add(node, outRel, inRel);
            }
            // An op may pass an output's relevance tensor straight through (identity rules). The input may take
            // it over when the output drops its relevance anyway; otherwise it gets its own copy.
            Map<Tensor, Var> passable = new IdentityHashMap<>();
            Set<Tensor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int j = 0; j < outRel.length; j++) {
                if (outRel[j] != null) {
                    handedOut.add(outRel[j]);
                    if (drops(node.outputs[j], keep)) {
                        passable.put(outRel[j], node.outputs[j]);
                    }
                }
            }
            for (int i = 0; i < inRel.length; i++) {
                Var in = node.inputs[i];
                if (in != null && in.requiresGrad() && inRel[i] != null) {
                    Tensor r = inRel[i];
                    Var owner = passable.remove(r);
                    if (owner != null) {
                        owner.takeGrad();
                    } else if (!handedOut.add(r)) {
                        r = r.copy();
                    }
                    if (!Arrays.equals(r.shape(), in.shape())) {
                        throw new IllegalStateException(node.describe() + " returned relevance of shape "
                                + Arrays.toString(r.shape()) + " for input " + in);
                    }
                    kept[i] = scope.adopt(r);
                }
            }
        }
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] != null) {
                node.inputs[i].accumulate(kept[i]);
            }
        }
        for (Var out : node.outputs) {
            if (drops(out, keep)) {
                out.zeroGrad();
            }
        }
        node.op.finish();
    }

    private boolean drops(Var out, Map<Var, Boolean> keep) {
        return !retainAll && !out.retains() && !keep.containsKey(out);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Node n : nodes) {
            if (n != null) {
                n.op.finish();
            }
        }
        nodes.clear();
        if (CURRENT.get() == this) {
            CURRENT.set(previous);
        }
    }
}
