package io.github.lxt4j.bench;

import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What to benchmark and how.
 *
 * @param config a preset name ({@link BenchPresets#names()}) or a config file
 * @param layers overrides the depth of every stack (null: the config's)
 * @param seq input length of decoders and of the T5 encoder (null: {@link #DEFAULT_SEQ}); CLIP takes none
 * @param weights the storage form of the weights ({@code --weights}); random weights are drawn in it directly
 * @param warmups untimed explanations before the timed repeats ({@code --warmup}); 0 measures the relevance pass's
 *     memory on the first timed explanation instead
 * @param budget the memory budget of decoder explanations ({@code --memory-budget}; {@code checkpoint} is budget 0)
 */
public record BenchSpec(
        String config,
        Integer layers,
        Backend backend,
        DType dtype,
        int threads,
        boolean checkpoint,
        int batch,
        Integer seq,
        int repeats,
        long seed,
        WeightFormat weights,
        int warmups,
        MemoryBudget budget) {

    public static final int DEFAULT_SEQ = 128;

    /** With dense float weights ({@code --weights f32}). */
    public BenchSpec(
            String config,
            Integer layers,
            Backend backend,
            DType dtype,
            int threads,
            boolean checkpoint,
            int batch,
            Integer seq,
            int repeats,
            long seed) {
        this(config, layers, backend, dtype, threads, checkpoint, batch, seq, repeats, seed, WeightFormat.F32, 1);
    }

    /** With the automatic memory budget. */
    public BenchSpec(
            String config,
            Integer layers,
            Backend backend,
            DType dtype,
            int threads,
            boolean checkpoint,
            int batch,
            Integer seq,
            int repeats,
            long seed,
            WeightFormat weights,
            int warmups) {
        this(
                config,
                layers,
                backend,
                dtype,
                threads,
                checkpoint,
                batch,
                seq,
                repeats,
                seed,
                weights,
                warmups,
                MemoryBudget.auto());
    }

    public BenchSpec {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(budget, "budget");
        atLeastOne("--layers", layers);
        atLeastOne("--seq", seq);
        atLeastOne("--batch-size", batch);
        atLeastOne("--threads", threads);
        atLeastOne("--repeat", repeats);
        if (warmups < 0) {
            throw new BenchOptionException("--warmup must be >= 0, got " + warmups);
        }
    }

    /** {@link #seq()}, or {@link #DEFAULT_SEQ} when none was given. */
    public int seqOrDefault() {
        return seq == null ? DEFAULT_SEQ : seq;
    }

    /** The load options of the benchmarked model. */
    public LoadOptions loadOptions() {
        return LoadOptions.of(backend, dtype).withWeights(weights);
    }

    /** The dtype column of the result: {@code float32}, or {@code float32, weights nf4}. */
    String dtypeLabel() {
        String d = dtype.name().toLowerCase(Locale.ROOT);
        return weights == WeightFormat.F32 ? d : d + ", weights " + weights;
    }

    /** The budget decoder explanations follow: 0 with {@code --checkpoint}. */
    public MemoryBudget effectiveBudget() {
        return checkpoint ? MemoryBudget.bytes(0) : budget;
    }

    /** For families whose explainers take no memory budget (all but decoder LMs). */
    void rejectBudget(String family) {
        if (!budget.isAuto()) {
            throw new BenchOptionException(
                    "--memory-budget is implemented for decoder LMs only, not for " + family + " (" + config + ")");
        }
    }

    /** For families without per-layer activation checkpointing. */
    void rejectCheckpoint(String family) {
        if (checkpoint) {
            throw new BenchOptionException("--checkpoint (per-layer activation checkpointing) is implemented for"
                    + " decoder LMs only, not for " + family + " (" + config + ")");
        }
    }

    private static void atLeastOne(String option, Integer value) {
        if (value != null && value < 1) {
            throw new BenchOptionException(option + " must be >= 1, got " + value);
        }
    }
}
