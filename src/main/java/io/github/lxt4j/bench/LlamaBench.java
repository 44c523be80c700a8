package io.github.lxt4j.bench;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Times load, forward and AttnLRP explanation of a decoder LM with random weights, and its memory. */
public final class LlamaBench {

    /** What to run. */
    public record Spec(String config, Integer layers, Backend backend, DType dtype, int threads, boolean checkpoint,
            int batch, int seq, int repeats, long seed) {
    }

    private final PrintStream progress;
    private final Function<LlamaConfig, Integer> activeExperts;

    public LlamaBench(PrintStream progress) {
        this.progress = progress;
        this.activeExperts = c -> c.source().optInt("num_experts_per_tok", 1);
    }

    public BenchResult run(Spec s) {
        JsonConfig json = BenchPresets.resolve(s.config(), s.layers());
        LlamaConfig cfg = LlamaConfig.parse(json);
        s.backend().setThreads(s.threads());
        progress.printf("[bench] building %s with %d layers (random weights)…%n", s.config(), cfg.numLayers());
        long t0 = System.nanoTime();
        try (TensorScope scope = TensorScope.open();
             LlamaForCausalLM model = ModelFactory.build(cfg, new RandomWeights(s.seed(), 0.02), s.backend(), s.dtype());
             CausalLmExplainer ex = new CausalLmExplainer(model, null).checkpointLayers(s.checkpoint())) {
            double load = seconds(t0);
            long[][] ids = randomIds(s, cfg.vocabSize());
            long base = MemoryProbe.rss();
            MemoryProbe.resetPeak();
            progress.println("[bench] first explanation (warm-up, memory)…");
            ex.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            long passPeak = MemoryProbe.peak() - base;
            double[] fwd = new double[s.repeats()];
            double[] expl = new double[s.repeats()];
            for (int r = 0; r < s.repeats(); r++) {
                progress.printf("[bench] repeat %d/%d: forward…", r + 1, s.repeats());
                long f0 = System.nanoTime();
                forward(model, ids);
                fwd[r] = seconds(f0);
                progress.printf(" %.3f s, explain…", fwd[r]);
                long e0 = System.nanoTime();
                ex.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
                expl[r] = seconds(e0);
                progress.printf(" %.3f s%n", expl[r]);
            }
            int experts = activeExperts.apply(cfg);
            return new BenchResult(s.config(), cfg.numLayers(), s.backend().toString(),
                    s.dtype().name().toLowerCase(java.util.Locale.ROOT), s.threads(), s.checkpoint(), s.batch(),
                    s.seq(), s.repeats(), load, median(fwd), median(expl), MemoryProbe.peak(), passPeak,
                    FlopEstimate.forward(cfg, s.batch(), s.seq(), experts),
                    FlopEstimate.relevance(cfg, s.batch(), s.seq(), experts));
        }
    }

    private static void forward(LlamaForCausalLM model, long[][] ids) {
        try (TensorScope scope = TensorScope.open()) {
            long[] flat = new long[ids.length * ids[0].length];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(ids[i], 0, flat, i * ids[0].length, ids[0].length);
            }
            Tensor idt = model.backend().fromLongs(flat, ids.length, ids[0].length);
            Var logits = model.forward(model.embed(idt), null, LlamaForCausalLM.Options.defaults().lastOnly());
            logits.value().argmax(-1).toLongArray();
        }
    }

    private static long[][] randomIds(Spec s, long vocab) {
        SplittableRandom r = new SplittableRandom(s.seed());
        long[][] ids = new long[s.batch()][s.seq()];
        for (long[] row : ids) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextLong(vocab);
            }
        }
        return ids;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
