import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.explain.Attribution;
import io.github.lxt4j.explain.AttributionEngine;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.explain.TargetSelector;
import io.github.lxt4j.io.Json;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.CausalMask;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.ModifierRule;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A transformer that is not one of lxt4j's families, built from the public blocks and explained with the stock
 * explainers (docs/extending.md): a pre-norm decoder with RoPE attention and a squared-ReLU MLP, where the squared
 * ReLU is an op written here ({@link SquaredReluOp}), with the model's own composite, and a γ-rule written here with
 * {@link ModifierRule} and checked against {@link Rules.Gamma} on the same model. Random weights (seeded): the point
 * is the wiring, not the explanation.
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath.txt once
 * java -cp "target/lxt4j-cli.jar:$(cat target/classpath.txt)" examples/CustomModelExample.java
 * </pre>
 * examples/consumer runs it against the installed jar (CustomModelExampleTest).
 */
public final class CustomModelExample {

    /** The model's shapes. */
    public record Config(int vocab, int hidden, int heads, int mlp, int layers) {
        int headDim() {
            return hidden / heads;
        }
    }

    /** What {@link #run} computed: relevance per token, by the stock explainer and by the engine, for each rule. */
    public record Results(
            long[] ids,
            long target,
            double logit,
            double[] explainer,
            double[] engine,
            double[] gammaLibrary,
            double[] gammaUser) {}

    public static void main(String[] args) {
        Results r = run(Backends.djl(), DType.FLOAT32);
        System.out.println("tokens " + Arrays.toString(r.ids()) + ", target " + r.target() + " (logit "
                + String.format("%.4f", r.logit()) + ")");
        System.out.println("attnlrp, CausalLmExplainer   " + format(r.explainer()));
        System.out.println("attnlrp, the model composite " + format(r.engine()));
        System.out.println("gamma 0.25, Rules.Gamma      " + format(r.gammaLibrary()));
        System.out.println("gamma 0.25, written here     " + format(r.gammaUser()));
        System.out.printf(
                "max |written here - Rules.Gamma| / max |Rules.Gamma| = %.2e%n",
                maxDiff(r.gammaUser(), r.gammaLibrary()) / maxAbs(r.gammaLibrary()));
    }

    /** The sequence {@link #run} explains. */
    public static final long[] IDS = {1, 7, 3, 12, 5, 9, 2, 30};

    /** Builds the model on random weights and explains {@link #IDS} four ways. */
    public static Results run(Backend backend, DType dtype) {
        long[] ids = IDS;
        try (TensorScope scope = TensorScope.open();
                TinyPrimer model = TinyPrimer.random(backend, dtype)) {
            // the stock explainer serves any CausalLm: the presets leave the squared ReLU to its site's rule
            Explanation e = new CausalLmExplainer(model, null)
                    .explainIds(new long[][] {ids}, null, Target.argmax(), Method.ATTNLRP, false)
                    .get(0);
            double[] engine = explain(model, ids, TinyPrimer.COMPOSITE);
            Composite.Builder gamma = TinyPrimer.COMPOSITE.toBuilder("gamma");
            Composite library = gamma.toBuilderName("library gamma")
                    .path("*.mlp.up", new Rules.Gamma(0.25))
                    .path("*.mlp.down", new Rules.Gamma(0.25))
                    .build();
            Composite user = gamma.toBuilderName("user gamma")
                    .path("*.mlp.up", gamma(0.25))
                    .path("*.mlp.down", gamma(0.25))
                    .build();
            return new Results(
                    ids,
                    e.targetIds()[0],
                    e.targetValue(),
                    e.relevance(),
                    engine,
                    explain(model, ids, library),
                    explain(model, ids, user));
        }
    }

    /** AttnLRP's seed and target, with explicit rules: what every explainer does, through the one engine. */
    public static double[] explain(TinyPrimer model, long[] ids, Composite rules) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor idt = model.backend().fromLongs(ids, 1, ids.length);
            Attribution a = AttributionEngine.of(Method.ATTNLRP)
                    .composite(rules)
                    .leaf("embeddings", model.embed(idt))
                    .run(
                            pass -> model.forward(
                                    pass.leaf("embeddings"),
                                    null,
                                    DecoderOptions.defaults().lastOnly()),
                            logits -> new TargetSelector(model.vocabSize())
                                    .objective(ReshapeOp.apply(logits, 1, model.vocabSize()), Target.argmax()));
            return a.relevance("embeddings").sum(-1, false).toDoubleArray();
        }
    }

    /**
     * zennit's generalized Gamma written with {@link ModifierRule}, as a zennit user writes its {@code BasicHook}:
     * x⁺ and x⁻ through W + γW⁺ and W + γW⁻ where the output is positive, crossed where it is negative, the bias
     * modified with its branch's weight (and taken once per sign).
     */
    public static LinearRule gamma(double gamma) {
        ModifierRule.ParamModifier up = (p, name) -> p.add(p.relu().mul(gamma));
        ModifierRule.ParamModifier down = (p, name) -> p.sub(p.neg().relu().mul(gamma));
        return ModifierRule.builder("my-gamma(" + gamma + ")")
                .branch(Tensor::relu, up)
                .branch(x -> x.neg().relu().neg(), ModifierRule.weightOnly(down))
                .branch(Tensor::relu, down)
                .branch(x -> x.neg().relu().neg(), ModifierRule.weightOnly(up))
                .gradientMapper((r, out, layer) -> {
                    Tensor zero = r.zerosLike();
                    Tensor pos = r.where(layer.output().gt(0), zero)
                            .divStabilized(out.get(0).add(out.get(1)), 1e-6);
                    Tensor neg = r.where(layer.output().lt(0), zero)
                            .divStabilized(out.get(2).add(out.get(3)), 1e-6);
                    return List.of(pos, pos, neg, neg);
                })
                .build();
    }

    /**
     * Squared ReLU {@code y = max(x, 0)²} (So et al., Primer), an op written outside lxt4j. Gradient:
     * {@code R ⊙ 2·max(x, 0)}. Identity: R (AttnLRP's rule for activations). Epsilon: generic, from the vjp.
     */
    public static final class SquaredReluOp extends Op.Unary {
        private static final Set<Class<? extends Rule>> RULES =
                rules(Rules.Gradient.class, Rules.Epsilon.class, Rules.Identity.class, Rules.StopRelevance.class);

        private Tensor x;

        private SquaredReluOp(Tensor x) {
            this.x = x;
        }

        public static Var apply(Site site, Var x) {
            Tensor y = x.value().relu().square();
            return new SquaredReluOp(x.value()).record1(site, y, x);
        }

        @Override
        protected Set<Class<? extends Rule>> rules() {
            return RULES;
        }

        @Override
        protected Tensor[] vjp(Tensor g) {
            return new Tensor[] {g.mul(x.relu().mul(2))};
        }

        @Override
        protected void release() {
            x = null;
        }
    }

    /** {@code down(squared_relu(up(x)))}; the activation's site has the custom kind {@code squared_relu}. */
    static final class SquaredReluMlp extends Module {
        private final Linear up;
        private final Linear down;
        private final Site act;

        SquaredReluMlp(String path, Config c, WeightSource w) {
            super(path);
            up = child(w.linear(join(path, "up"), c.mlp(), c.hidden(), false));
            down = child(w.linear(join(path, "down"), c.hidden(), c.mlp(), false));
            // the module's default for its custom op, which the presets leave alone: the stock explainers use it
            act = site("squared_relu", "act").setRule(new Rules.Identity());
        }

        Var forward(Var x) {
            return down.forward(SquaredReluOp.apply(act, up.forward(x)));
        }
    }

    /** What the blocks of one pass share: the causal mask and the RoPE tables. */
    record Pass(Tensor mask, Tensor cos, Tensor sin) {}

    /** Pre-norm block: {@code h = x + attn(norm(x)); out = h + mlp(norm(h))}. */
    static final class Block extends Module implements DecoderModel.Layer<Pass> {
        private final Config c;
        private final RmsNorm attnNorm;
        private final Linear qkv;
        private final Linear out;
        private final AttentionCore core;
        private final RmsNorm mlpNorm;
        private final SquaredReluMlp mlp;
        private final Site ropeQ;
        private final Site ropeK;
        private final Site residualAttn;
        private final Site residualMlp;

        Block(String path, Config c, WeightSource w) {
            super(path);
            this.c = c;
            attnNorm = child(
                    new RmsNorm(join(path, "attn_norm"), w.get(join(path, "attn_norm.weight"), c.hidden()), 1e-6));
            qkv = child(w.linear(join(path, "attn.qkv"), 3L * c.hidden(), c.hidden(), false));
            out = child(w.linear(join(path, "attn.out"), c.hidden(), c.hidden(), false));
            core = child(new AttentionCore(join(path, "attn"), 1.0 / Math.sqrt(c.headDim())));
            mlpNorm =
                    child(new RmsNorm(join(path, "mlp_norm"), w.get(join(path, "mlp_norm.weight"), c.hidden()), 1e-6));
            mlp = child(new SquaredReluMlp(join(path, "mlp"), c, w));
            ropeQ = site(OpKind.ROPE, "attn.rope_q");
            ropeK = site(OpKind.ROPE, "attn.rope_k");
            residualAttn = site(OpKind.ADD, "residual_attn");
            residualMlp = site(OpKind.ADD, "residual_mlp");
        }

        @Override
        public Var forward(Var x, Pass p) {
            Var h = AttentionCore.splitHeads(qkv.forward(attnNorm.forward(x)), 3L * c.heads(), c.headDim());
            long n = c.heads();
            Var q = RopeOp.apply(ropeQ, SliceOp.apply(h, 1, 0, n), p.cos(), p.sin());
            Var k = RopeOp.apply(ropeK, SliceOp.apply(h, 1, n, 2 * n), p.cos(), p.sin());
            Var v = SliceOp.apply(h, 1, 2 * n, 3 * n);
            Var attn = out.forward(AttentionCore.mergeHeads(core.forward(q, k, v, p.mask(), null)));
            Var hidden = AddOp.apply(residualAttn, x, attn);
            return AddOp.apply(residualMlp, hidden, mlp.forward(mlpNorm.forward(hidden)));
        }
    }

    /** The model: token embeddings, the blocks, a final RMSNorm and a head tied to the embeddings. */
    public static final class TinyPrimer extends DecoderModel<Pass> {
        /** AttnLRP, plus Identity on the squared ReLU (AttnLRP's rule for activations). */
        public static final Composite COMPOSITE = Composites.attnLrp()
                .toBuilderName("tiny-primer")
                .kind("squared_relu", new Rules.Identity())
                .build();

        private final Config c;
        private final Embedding embed;
        private final List<Block> blocks = new ArrayList<>();
        private final RmsNorm norm;
        private final Linear head;
        private final RotaryEmbedding rotary;

        /** Two blocks of width 64 on random weights (seed 7). */
        public static TinyPrimer random(Backend backend, DType dtype) {
            Config cfg = new Config(32, 64, 4, 128, 2);
            return ModelBuilder.build(new RandomWeights(7, 0.3), backend, dtype, w -> new TinyPrimer(cfg, w));
        }

        TinyPrimer(Config c, WeightSource w) {
            super(w, config());
            this.c = c;
            Tensor table = w.get("embed.weight", c.vocab(), c.hidden());
            embed = child(new Embedding("embed", table));
            for (int i = 0; i < c.layers(); i++) {
                blocks.add(child(new Block("blocks." + i, c, w)));
            }
            norm = child(new RmsNorm("norm", w.get("norm.weight", c.hidden()), 1e-6));
            head = child(new Linear("head", table, null));
            rotary = new RotaryEmbedding(c.headDim(), RopeScaling.defaults(10000));
        }

        private static JsonConfig config() {
            try {
                return JsonConfig.of(
                        Json.parse("{\"model_type\": \"tiny-primer\", \"eos_token_id\": 0}"), "CustomModelExample");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String family() {
            return "tiny-primer";
        }

        @Override
        public Var embed(Tensor inputIds) {
            return embed.lookup(inputIds);
        }

        @Override
        public long vocabSize() {
            return c.vocab();
        }

        @Override
        public long maxPositions() {
            return 512;
        }

        @Override
        protected List<Block> layers() {
            return blocks;
        }

        @Override
        protected Pass context(long[][] attentionMask, long[][] positions, int batch, int len) {
            Tensor[] cs = rotary.cosSin(positions, backend(), dtype());
            return new Pass(CausalMask.build(backend(), attentionMask, batch, len, 0), cs[0], cs[1]);
        }

        @Override
        protected Var logits(Var hidden) {
            return head.forward(norm.forward(hidden));
        }

        @Override
        public FlopCount flops(int batch, int seq) {
            double perToken = 2.0 * c.layers() * (4L * c.hidden() * c.hidden() + 2L * c.hidden() * c.mlp());
            return new FlopCount(perToken * batch * seq, 2 * perToken * batch * seq);
        }
    }

    private static String format(double[] r) {
        StringBuilder s = new StringBuilder("[");
        for (double v : r) {
            s.append(s.length() > 1 ? " " : "").append(String.format("%+.3f", v));
        }
        return s.append("]").toString();
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
