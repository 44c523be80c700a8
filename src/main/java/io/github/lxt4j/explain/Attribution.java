package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.ConservationReport;
import io.github.lxt4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The result of one {@link AttributionEngine} pass. Tensors belong to the {@code TensorScope}
 * that was current during the pass: read them before it closes.
 *
 * @param relevance per leaf name, the relevance at the leaf (gradient × input: already multiplied by the input)
 * @param latent per latent group, the relevance at each collected Var, in collection order (empty unless asked for)
 * @param output the forward output's values (the same forward that was explained)
 * @param targetIds per row, what was explained
 * @param targetValues per row, the explained value
 * @param conservation Σ relevance in and out of each op, or null unless asked for
 */
public record Attribution(
        Map<String, Tensor> relevance,
        Map<String, List<Tensor>> latent,
        Tensor output,
        long[][] targetIds,
        double[] targetValues,
        ConservationReport conservation) {

    /** The relevance at leaf {@code name}. */
    public Tensor relevance(String name) {
        Tensor t = relevance.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no relevance leaf '" + name + "' (leaves: " + relevance.keySet() + ")");
        }
        return t;
    }

    /** The latent relevance of {@code group} (e.g. one tensor per layer input), empty when none was collected. */
    public List<Tensor> latent(String group) {
        return latent.getOrDefault(group, List.of());
    }
}
