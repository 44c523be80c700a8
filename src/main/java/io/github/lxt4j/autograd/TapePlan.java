package io.github.lxt4j.autograd;

import io.github.lxt4j.MemorySize;
import io.github.lxt4j.ProcessMemory;

/**
 * Which segments of one pass (the decoder layers, in order) keep their tapes under a {@link MemoryBudget}, and which
 * are recomputed in the relevance pass ({@link Checkpoint}). Layers keep their tapes in order while they fit; from the
 * first that does not fit, every later one is recomputed. Under an explicit budget a layer fits when the resident
 * memory at the start of the pass ({@link #begin}), plus the tapes kept so far (their measured bytes), plus one input
 * per later layer (what a recomputed layer keeps) and a {@link #margin} for the relevance pass (one recomputed layer,
 * its relevance tensors, the head, allocator slack) stays within the budget. Wherever the machine tells its available
 * memory, every layer must also leave a reserve of it, read afresh at each layer (the only bound of the automatic
 * budget). The first layer has no measured predecessor: it is recorded ({@link MeasuredSegment}), its tape bytes
 * counted, and undone when it does not fit after all.
 *
 * <p>Why the resident memory at the start and not at each layer: the allocator keeps what a layer's forward freed (a
 * widened weight, temporaries) and the next layers reuse it, so the resident set read mid-pass counts that memory
 * twice, once as resident and once in the margin. For the same reason, given the resident memory of the loaded model
 * (the {@code baseline}, read when the explainer was made), the margin counts from it: what the allocator holds from
 * an earlier pass above the baseline serves this pass's transients, so the pass needs {@code max(start, baseline +
 * margin)} plus its tapes and inputs. Why the first layers: a kept layer's tape is measured as it is
 * made, so each decision rests on real bytes, never on a model of the layer. The relevance pass then recomputes the
 * last layers, one at a time, while the kept tapes are alive; {@link #margin} reserves that one layer.
 *
 * <p>One plan serves one pass; {@link #kept()} and {@link #layers()} report it afterwards.
 */
public final class TapePlan {
    /**
     * The fixed part of the relevance pass's margin: the head's widened slices, a recomputed layer's widened weights
     * and their decode temporaries, allocator slack. Calibrated on LLaMA-3-8B shapes in nf4 with widening in the
     * backend (docs/performance.md, "Memory budget"): with every layer recomputed the pass adds 1.39 GiB over the
     * loaded model at seq 128 (a layer's tape counts 0.089 GiB), and a 9 GiB budget at seq 512 (0.428 GiB a layer)
     * showed 3.7 GiB of transients; {@link #margin} covers both.
     */
    static final long SLACK = 1280L << 20;
    /** Relevance tensors and the recomputed layer's tape, in counted tapes. */
    static final int TAPES_IN_MARGIN = 6;

    /** Reserve of the machine's available memory: at least this, or {@link #RESERVE_DIVISOR}-th of its total. */
    static final long MIN_RESERVE = 1L << 30;

    static final int RESERVE_DIVISOR = 16;

    private final MemoryBudget budget;
    private final ProcessMemory memory;
    private int layers;
    private int kept;
    private int undone;
    private long layerBytes;
    private long keptBytes;
    private long base = -1;
    private final long baseline;
    private boolean recomputing;

    /** A plan that counts the margin from the resident memory at the start of the pass. */
    public TapePlan(MemoryBudget budget, ProcessMemory memory) {
        this(budget, memory, -1);
    }

    /**
     * @param baseline the resident memory of the loaded model before any pass (-1: unknown); memory held above it at
     *     the start of a pass serves the pass's margin
     */
    public TapePlan(MemoryBudget budget, ProcessMemory memory, long baseline) {
        this.budget = budget;
        this.memory = memory;
        this.baseline = baseline;
        this.recomputing = budget.recomputesAll();
    }

    /** A plan for {@code budget} on this machine's memory. */
    public static TapePlan of(MemoryBudget budget) {
        return new TapePlan(budget, ProcessMemory.system());
    }

    /** Reads the resident memory the pass starts from (called before the first layer; else at the first decision). */
    public void begin() {
        if (base < 0) {
            long resident = budget.isExplicit() && !budget.recomputesAll() ? memory.resident() : -1;
            base = Math.max(0, resident);
        }
    }

    /**
     * Whether the next layer should be recorded with its tape kept (then {@link #confirm}), or recomputed (then
     * {@link #recompute}).
     *
     * @param later layers after this one
     * @param inputBytes what a recomputed layer keeps: its input
     */
    public boolean tryKeep(int later, long inputBytes) {
        if (recomputing) {
            return false;
        }
        if (budget.isUnlimited() || layerBytes == 0) {
            return true;
        }
        if (!fits(layerBytes, 0, later * inputBytes)) {
            recomputing = true;
        }
        return !recomputing;
    }

    /**
     * Records that a layer kept a tape of {@code bytes}, and says whether it may stay: false when the memory now
     * leaves no room for the rest of the pass (the caller undoes the layer and recomputes it).
     */
    public boolean confirm(long bytes, int later, long inputBytes) {
        layerBytes = Math.max(layerBytes, bytes);
        if (budget.isUnlimited() || fits(0, bytes, later * inputBytes)) {
            kept++;
            layers++;
            keptBytes += bytes;
            return true;
        }
        undone++;
        recomputing = true;
        return false;
    }

    /** Records that a layer is recomputed in the relevance pass; every later layer is too. */
    public void recompute() {
        layers++;
        recomputing = true;
    }

    /**
     * Room the relevance pass needs above the kept tapes: one recomputed layer's tape of {@code layerBytes}, the
     * relevance tensors of its ops and their temporaries ({@link #TAPES_IN_MARGIN} tapes in all), plus {@link #SLACK}.
     */
    public static long margin(long layerBytes) {
        return TAPES_IN_MARGIN * layerBytes + SLACK;
    }

    /**
     * Whether the pass fits with {@code next} more tape bytes, {@code pending} bytes of a layer already made but not
     * yet counted, {@code inputs} bytes of the later layers' inputs and the margin.
     */
    private boolean fits(long next, long pending, long inputs) {
        begin();
        long margin = margin(Math.max(layerBytes, pending));
        boolean ok = true;
        if (budget.isExplicit()) {
            long floor = baseline >= 0 ? Math.max(base, baseline + margin) : base + margin;
            ok = floor + keptBytes + pending + next + inputs <= budget.limit();
        }
        long available = memory.available();
        if (available >= 0) {
            ok &= available - (next + margin + inputs) >= reserve(memory.total());
        }
        return ok;
    }

    /** The available memory left untouched: {@link #MIN_RESERVE} or 1/{@link #RESERVE_DIVISOR} of {@code total}. */
    static long reserve(long total) {
        return Math.max(MIN_RESERVE, total / RESERVE_DIVISOR);
    }

    /** Where this plan reads the resident and the available memory. */
    public ProcessMemory memory() {
        return memory;
    }

    /** The budget this plan follows. */
    public MemoryBudget budget() {
        return budget;
    }

    /** Layers decided so far (all of the pass's, once it ran). */
    public int layers() {
        return layers;
    }

    /** Layers that kept their tapes. */
    public int kept() {
        return kept;
    }

    /** Layers recorded, then undone and recomputed because they did not fit (0 or 1). */
    public int undone() {
        return undone;
    }

    /** The largest tape one layer kept, in bytes (0 when none was measured). */
    public long layerBytes() {
        return layerBytes;
    }

    @Override
    public String toString() {
        return String.format(
                "%d of %d layers kept their tapes (budget %s, %s a layer)",
                kept, layers, budget, MemorySize.format(layerBytes));
    }
}
