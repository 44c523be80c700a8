package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one explain routine every family's explainer is a thin layer over: activate the composite, record a tape, run
 * the forward from the relevance leaves, select the target on its output, seed it, run the relevance pass and read
 * the leaves.
 *
 * <pre>{@code
 * Attribution a = AttributionEngine.of(Method.ATTNLRP)
 *         .leaf("embeddings", model.embed(ids))
 *         .run(p -> model.forward(p.leaf("embeddings"), null, Options.defaults().lastOnly()),
 *              logits -> Objective.perRow(..));
 * }</pre>
 *
 * LRP methods seed the objective with its own value (relevance sums to about it, LXT's {@code y.backward(y)});
 * gradient × input seeds with 1 and multiplies each leaf's gradient by the leaf afterwards. Batches are the leaves'
 * first axis. NaN or infinity in the output or the relevance is a {@link NonFiniteResultException} (see
 * {@link FiniteCheck}). Call inside an open {@code TensorScope}: the results belong to it. A composite is
 * activated on the calling thread only, so threads may explain concurrently, even on one model.
 */
public final class AttributionEngine {

    private final Method method;
    private Composite composite;
    private final Map<String, Var> leaves = new LinkedHashMap<>();
    private boolean latent;
    private boolean checkpointing;
    private boolean conservation;

    private AttributionEngine(Method method) {
        this.method = method;
        this.composite = method.composite();
    }

    /** A pass of {@code method}, with the method's generic composite unless {@link #composite} replaces it. */
    public static AttributionEngine of(Method method) {
        return new AttributionEngine(method);
    }

    /** Explicit rules (e.g. a model's refined composite); the method still decides the seed. */
    public AttributionEngine composite(Composite c) {
        this.composite = c;
        return this;
    }

    /** A relevance leaf: an input Var (token embeddings, pixels, …) that is marked to collect relevance. */
    public AttributionEngine leaf(String name, Var input) {
        if (leaves.putIfAbsent(name, input.requireGrad()) != null) {
            throw new IllegalArgumentException("relevance leaf '" + name + "' given twice");
        }
        return this;
    }

    /** Collect latent relevance at the Vars the forward puts into {@link ForwardPass#latentSink}. */
    public AttributionEngine latent(boolean on) {
        this.latent = on;
        return this;
    }

    /** Ask the forward to checkpoint its layers ({@link ForwardPass#checkpointing()}). */
    public AttributionEngine checkpointing(boolean on) {
        this.checkpointing = on;
        return this;
    }

    /** Record Σ relevance in and out of every op ({@link Attribution#conservation()}). */
    public AttributionEngine conservation(boolean on) {
        this.conservation = on;
        return this;
    }

    /**
     * Runs the forward and the relevance pass.
     *
     * @param forward leaves → output (e.g. logits)
     * @param target output → the objective to seed
     */
    public Attribution run(Function<ForwardPass, Var> forward, Function<Var, Objective> target) {
        if (leaves.isEmpty()) {
            throw new IllegalStateException("no relevance leaves: add at least one with leaf(name, var)");
        }
        ForwardPass pass = new ForwardPass(leaves, latent, checkpointing);
        try (Composite.Activation rules = composite.activate();
                Tape tape = Tape.record()) {
            if (conservation) {
                tape.trackConservation();
            }
            Var output = forward.apply(pass);
            Objective objective = target.apply(output);
            FiniteCheck.output(method, output.value(), objective.targetValues());
            objective.value().backward(seed(objective));
            Map<String, Tensor> relevance = new LinkedHashMap<>();
            leaves.forEach((name, v) -> relevance.put(name, checked(name, relevanceAt(v))));
            Map<String, List<Tensor>> latentRelevance = new LinkedHashMap<>();
            pass.latents().forEach((group, vars) -> {
                List<Tensor> rs = new ArrayList<>();
                for (int i = 0; i < vars.size(); i++) {
                    rs.add(checked(group + "." + i, relevanceAt(vars.get(i))));
                }
                latentRelevance.put(group, List.copyOf(rs));
            });
            return new Attribution(
                    relevance,
                    latentRelevance,
                    output.value(),
                    objective.targetIds(),
                    objective.targetValues(),
                    conservation ? tape.conservationReport() : null);
        }
    }

    private Tensor seed(Objective o) {
        Tensor value = o.value().value();
        if (o.seedMask() == null) {
            return method.isGradient() ? value.onesLike() : value;
        }
        return method.isGradient() ? o.seedMask() : value.mul(o.seedMask());
    }

    private Tensor checked(String name, Tensor relevance) {
        FiniteCheck.relevance(method, name, relevance);
        return relevance;
    }

    private Tensor relevanceAt(Var v) {
        return method.isGradient() ? v.grad().mul(v.value()) : v.grad();
    }
}
