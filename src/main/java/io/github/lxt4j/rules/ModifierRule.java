package io.github.lxt4j.rules;

import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link LinearRule} in the form of zennit's {@code BasicHook}: one or more branches, each running the layer on a
 * modified input with modified parameters ({@code z_i = out_i(W_i · in_i(x) + b_i)}), a gradient mapper that turns
 * the output relevance and the branches' outputs into one gradient per branch, the adjoint of each branch's map, and
 * a reducer that turns the modified inputs and those gradients into the input relevance:
 * {@code R_x = reduce(in_i(x), W_iᵀ g_i)}.
 *
 * <p>Defaults: no modifier changes anything, the mapper gives every branch {@code R / stab(Σ z_i)} with the sign-aware
 * stabilizer (zero counts as positive), and the reducer sums {@code in_i(x) ⊙ W_iᵀ g_i}. One branch with a parameter
 * modifier is then a γ-like rule:
 * <pre>{@code
 * LinearRule gammaPlus = ModifierRule.builder("gamma+0.25")
 *         .param((p, name) -> p.add(p.clamp(0, Double.POSITIVE_INFINITY).mul(0.25)))
 *         .stabilizer(1e-6)
 *         .build();
 * }</pre>
 * A parameter modifier sees the weight (name {@code "weight"}) and, when the layer has one, the bias ({@code "bias"});
 * returning null for the bias drops it from that branch ({@link #weightOnly}). Modifiers are computed once per
 * relevance pass for each modifier object, so branches that share one share its result. An output modifier changes
 * what the mapper sees; the adjoint is taken of the linear map alone, as if the output modifier were the identity
 * (zennit's own rules use the identity there).
 */
public final class ModifierRule implements LinearRule {

    /** Modifies one branch's input. */
    @FunctionalInterface
    public interface InputModifier {
        Tensor apply(Tensor x);
    }

    /** Modifies one branch's parameter: {@code name} is {@code "weight"} or {@code "bias"}; null drops a bias. */
    @FunctionalInterface
    public interface ParamModifier {
        Tensor apply(Tensor param, String name);
    }

    /** Modifies one branch's output, bias included, before the mapper sees it. */
    @FunctionalInterface
    public interface OutputModifier {
        Tensor apply(Tensor z);
    }

    /**
     * zennit's {@code gradient_mapper}: one gradient per branch (null: none), shaped like the output, from the output
     * relevance r, the branches' outputs and the layer (its output z, and its bias for a denominator that takes it
     * once rather than per branch).
     */
    @FunctionalInterface
    public interface GradientMapper {
        List<Tensor> apply(Tensor r, List<Tensor> outputs, Layer layer);
    }

    /** zennit's {@code reducer}: the input relevance from the branches' modified inputs and gradients (null: none). */
    @FunctionalInterface
    public interface Reducer {
        Tensor apply(List<Tensor> inputs, List<Tensor> gradients);
    }

    /** The input unchanged. */
    public static final InputModifier INPUT = x -> x;
    /** x⁺ = max(x, 0). */
    public static final InputModifier POSITIVE = ModifierRule::positive;
    /** x⁻ = min(x, 0). */
    public static final InputModifier NEGATIVE = ModifierRule::negative;
    /** The parameters unchanged. */
    public static final ParamModifier PARAMS = (p, name) -> p;

    private record Branch(InputModifier input, ParamModifier param, OutputModifier output) {}

    private record WeightOnly(ParamModifier of) implements ParamModifier {
        @Override
        public Tensor apply(Tensor param, String name) {
            return name.equals("bias") ? null : of.apply(param, name);
        }
    }

    private final String name;
    private final List<Branch> branches;
    private final GradientMapper mapper;
    private final Reducer reducer;

    private ModifierRule(String name, List<Branch> branches, GradientMapper mapper, Reducer reducer) {
        this.name = name;
        this.branches = List.copyOf(branches);
        this.mapper = mapper;
        this.reducer = reducer;
    }

    /** A builder for a rule that {@link #describe()} names {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** max(t, 0). */
    public static Tensor positive(Tensor t) {
        return t.clamp(0, Double.POSITIVE_INFINITY);
    }

    /** min(t, 0). */
    public static Tensor negative(Tensor t) {
        return t.clamp(Double.NEGATIVE_INFINITY, 0);
    }

    /** The weight modified as {@code m} does it, and no bias; shares the modified weight with {@code m}. */
    public static ParamModifier weightOnly(ParamModifier m) {
        return new WeightOnly(m);
    }

    /** The default mapper: {@code R / stab(Σ z_i)} to every branch. */
    public static GradientMapper stabilized(double stabilizer) {
        return (r, outputs, layer) -> {
            Tensor s = r.divStabilized(sum(outputs), stabilizer);
            List<Tensor> grads = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                grads.add(s);
            }
            return grads;
        };
    }

    /** The default reducer: {@code Σ in_i ⊙ g_i} over the branches that have a gradient. */
    public static Tensor sumOfProducts(List<Tensor> inputs, List<Tensor> gradients) {
        Tensor total = null;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = gradients.get(i);
            if (g != null) {
                Tensor term = g.mulInPlace(inputs.get(i));
                total = total == null ? term : total.add(term);
            }
        }
        return total == null ? inputs.get(0).zerosLike() : total;
    }

    /** Σ of the tensors, left to right. */
    public static Tensor sum(List<Tensor> ts) {
        Tensor s = ts.get(0);
        for (int i = 1; i < ts.size(); i++) {
            s = s.add(ts.get(i));
        }
        return s;
    }

    @Override
    public Tensor relevance(Layer layer, Tensor r) {
        Map<InputModifier, Tensor> inputs = new IdentityHashMap<>();
        Map<ParamModifier, Tensor> weights = new IdentityHashMap<>();
        Map<ParamModifier, Tensor> biases = new IdentityHashMap<>();
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> ws = new ArrayList<>();
        List<Tensor> zs = new ArrayList<>();
        for (Branch br : branches) {
            Tensor x = inputs.computeIfAbsent(br.input(), m -> m.apply(layer.input()));
            ParamModifier shared = br.param() instanceof WeightOnly only ? only.of() : br.param();
            Tensor w = weights.computeIfAbsent(shared, m -> m.apply(layer.weight(), "weight"));
            Tensor b = layer.bias() == null ? null : bias(biases, br.param(), layer.bias());
            Tensor z = layer.apply(x, w);
            if (b != null) {
                z = layer.addBias(z, b);
            }
            xs.add(x);
            ws.add(w);
            zs.add(br.output().apply(z));
        }
        List<Tensor> grads = mapper.apply(r, zs, layer);
        if (grads.size() != branches.size()) {
            throw new IllegalStateException("rule " + name + ": the gradient mapper gave " + grads.size()
                    + " gradients for " + branches.size() + " branches");
        }
        List<Tensor> adjoints = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            adjoints.add(grads.get(i) == null ? null : layer.adjoint(grads.get(i), ws.get(i)));
        }
        return reducer.apply(xs, adjoints);
    }

    private static Tensor bias(Map<ParamModifier, Tensor> cache, ParamModifier m, Tensor b) {
        if (!cache.containsKey(m)) {
            cache.put(m, m.apply(b, "bias"));
        }
        return cache.get(m);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public String toString() {
        return "ModifierRule(" + name + ", " + branches.size() + " branches)";
    }

    /** Builds a {@link ModifierRule}; without a {@link #branch} call it has one branch from the single modifiers. */
    public static final class Builder {
        private final String name;
        private final List<Branch> branches = new ArrayList<>();
        private InputModifier input = INPUT;
        private ParamModifier param = PARAMS;
        private OutputModifier output = z -> z;
        private double stabilizer = 1e-6;
        private GradientMapper mapper;
        private Reducer reducer = ModifierRule::sumOfProducts;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** The input modifier of the single branch. */
        public Builder input(InputModifier m) {
            this.input = Objects.requireNonNull(m);
            return this;
        }

        /** The parameter modifier of the single branch. */
        public Builder param(ParamModifier m) {
            this.param = Objects.requireNonNull(m);
            return this;
        }

        /** The output modifier of the single branch, or of every branch added after this call. */
        public Builder output(OutputModifier m) {
            this.output = Objects.requireNonNull(m);
            return this;
        }

        /** Adds a branch; once one is added, the single-branch modifiers are ignored. */
        public Builder branch(InputModifier in, ParamModifier p) {
            branches.add(new Branch(Objects.requireNonNull(in), Objects.requireNonNull(p), output));
            return this;
        }

        /** The stabilizer of the default mapper (1e-6, zennit's default). */
        public Builder stabilizer(double eps) {
            this.stabilizer = eps;
            return this;
        }

        /** Replaces the default mapper {@link ModifierRule#stabilized}. */
        public Builder gradientMapper(GradientMapper m) {
            this.mapper = Objects.requireNonNull(m);
            return this;
        }

        /** Replaces the default reducer {@link ModifierRule#sumOfProducts}. */
        public Builder reducer(Reducer r) {
            this.reducer = Objects.requireNonNull(r);
            return this;
        }

        public ModifierRule build() {
            List<Branch> bs = branches.isEmpty() ? List.of(new Branch(input, param, output)) : branches;
            return new ModifierRule(name, bs, mapper != null ? mapper : stabilized(stabilizer), reducer);
        }
    }
}
