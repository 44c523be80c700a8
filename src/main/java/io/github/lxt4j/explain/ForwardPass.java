package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a forward function of {@link AttributionEngine} sees: the relevance leaves and the pass's options. */
public final class ForwardPass {

    private final Map<String, Var> leaves;
    private final boolean latent;
    private final boolean checkpointing;
    private final Map<String, List<Var>> latents = new LinkedHashMap<>();

    ForwardPass(Map<String, Var> leaves, boolean latent, boolean checkpointing) {
        this.leaves = leaves;
        this.latent = latent;
        this.checkpointing = checkpointing;
    }

    /** The leaf registered under {@code name}; it collects relevance. */
    public Var leaf(String name) {
        Var v = leaves.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no relevance leaf '" + name + "' (leaves: " + leaves.keySet() + ")");
        }
        return v;
    }

    /**
     * A list the model's forward fills with the Vars whose latent relevance is read (e.g. each layer's input, with
     * {@code retainGrad()}), kept under {@code group}; null when latent relevance was not asked for.
     */
    public List<Var> latentSink(String group) {
        return latent ? latents.computeIfAbsent(group, g -> new ArrayList<>()) : null;
    }

    /** Whether the forward should checkpoint its layers (same relevance, lower peak memory, forward runs twice). */
    public boolean checkpointing() {
        return checkpointing;
    }

    Map<String, List<Var>> latents() {
        return Collections.unmodifiableMap(latents);
    }
}
