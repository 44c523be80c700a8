package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.lxt4j.ProcessMemory;
import io.github.lxt4j.testing.FakeMemory;
import org.junit.jupiter.api.Test;

/**
 * How many layers keep their tapes, given the bytes of one, what a recomputed layer keeps, the resident memory and a
 * budget: the plan is driven as the decoder loop drives it, on a simulated process whose resident set grows by what
 * each decision allocates, and compared with the closed form
 * {@code K = max k ≤ n: R + k·B + margin(B) + (n − k)·c ≤ L}.
 */
class TapePlanTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /**
     * The loop of DecoderModel: begin, then per layer try, allocate B, confirm or free it again; a recomputed layer
     * allocates c.
     */
    private static int run(TapePlan plan, FakeMemory memory, int layers, long b, long c) {
        plan.begin();
        for (int i = 0; i < layers; i++) {
            int later = layers - i - 1;
            if (plan.tryKeep(later, c)) {
                memory.resident += b;
                memory.available -= memory.available >= 0 ? b : 0;
                if (plan.confirm(b, later, c)) {
                    continue;
                }
                memory.resident -= b;
                memory.available += memory.available >= 0 ? b : 0;
            }
            plan.recompute();
            memory.resident += c;
            memory.available -= memory.available >= 0 ? c : 0;
        }
        assertEquals(layers, plan.layers());
        return plan.kept();
    }

    private static int closedForm(long room, long b, long c, int layers) {
        int k = 0;
        while (k < layers && (k + 1) * b + TapePlan.margin(b) + (layers - k - 1) * c <= room) {
            k++;
        }
        return k;
    }

    @Test
    void theMarginIsSixLayersPlusSlack() {
        assertEquals(600 * MIB + 1280 * MIB, TapePlan.margin(100 * MIB));
    }

    @Test
    void anExplicitBudgetKeepsTheLayersThatFitAboveTheResidentMemory() {
        long b = 100 * MIB;
        long c = MIB;
        long base = 6 * GIB;
        for (long budget : new long[] {6 * GIB, 7 * GIB, 9 * GIB, 9 * GIB + 333 * MIB, 12 * GIB, 20 * GIB}) {
            FakeMemory memory = new FakeMemory(base, -1, -1);
            int kept = run(new TapePlan(MemoryBudget.bytes(budget), memory), memory, 32, b, c);
            assertEquals(closedForm(budget - base, b, c, 32), kept, "budget " + budget);
        }
        // 9 GiB over 6 GiB resident: (3 GiB − 32 MiB − margin 1880 MiB) / 99 MiB
        FakeMemory memory = new FakeMemory(base, -1, -1);
        assertEquals(11, run(new TapePlan(MemoryBudget.bytes(9 * GIB), memory), memory, 32, b, c));
    }

    @Test
    void memoryHeldAboveTheLoadedModelAtTheStartServesTheMargin() {
        long b = 100 * MIB;
        long c = MIB;
        // the allocator holds 2 GiB above the loaded model's 5 GiB from an earlier pass: more than the 1880 MiB
        // margin, so the 32 tapes and inputs count from the 7 GiB start alone
        FakeMemory held = new FakeMemory(7 * GIB, -1, -1);
        TapePlan plan = new TapePlan(MemoryBudget.bytes(8 * GIB), held, 5 * GIB);
        assertEquals(10, run(plan, held, 32, b, c));
        // a first pass starts at the loaded model: the margin counts on top of it
        FakeMemory fresh = new FakeMemory(7 * GIB, -1, -1);
        TapePlan first = new TapePlan(MemoryBudget.bytes(9 * GIB), fresh, 7 * GIB);
        assertEquals(closedForm(2 * GIB, b, c, 32), run(first, fresh, 32, b, c));
        assertEquals(1, closedForm(2 * GIB, b, c, 32));
        // 2 GiB held, but a 2570 MiB margin (tapes of 215 MiB): the floor is the loaded model + the margin
        FakeMemory bigger = new FakeMemory(7 * GIB, -1, -1);
        TapePlan big = new TapePlan(MemoryBudget.bytes(9 * GIB), bigger, 5 * GIB);
        assertEquals(closedForm(4 * GIB, 215 * MIB, c, 32), run(big, bigger, 32, 215 * MIB, c));
        assertEquals(6, closedForm(4 * GIB, 215 * MIB, c, 32));
    }

    @Test
    void aLayerThatDoesNotFitAfterAllIsUndoneAndEveryLaterLayerIsRecomputed() {
        FakeMemory memory = new FakeMemory(6 * GIB, -1, -1);
        TapePlan plan = new TapePlan(MemoryBudget.bytes(6 * GIB + 200 * MIB), memory);
        assertEquals(0, run(plan, memory, 8, 100 * MIB, MIB));
        assertEquals(1, plan.undone());
        assertEquals(100 * MIB, plan.layerBytes());
        assertEquals(6 * GIB + 8 * MIB, memory.resident, "the undone layer's bytes are gone");
    }

    @Test
    void theAutomaticBudgetLeavesAReserveOfTheAvailableMemory() {
        long b = 200 * MIB;
        long c = 2 * MIB;
        long total = 24 * GIB;
        assertEquals(total / 16, TapePlan.reserve(total));
        assertEquals(GIB, TapePlan.reserve(4 * GIB));
        for (long available : new long[] {GIB, 2 * GIB, 5 * GIB, 100 * GIB}) {
            FakeMemory memory = new FakeMemory(7 * GIB, available, total);
            int kept = run(new TapePlan(MemoryBudget.auto(), memory), memory, 32, b, c);
            assertEquals(closedForm(available - TapePlan.reserve(total), b, c, 32), kept, "available " + available);
        }
    }

    @Test
    void anExplicitBudgetAboveTheMachinesMemoryIsBoundedByWhatIsAvailable() {
        FakeMemory memory = new FakeMemory(GIB, 4 * GIB, 16 * GIB);
        int kept = run(new TapePlan(MemoryBudget.bytes(1L << 40), memory), memory, 32, 100 * MIB, MIB);
        assertEquals(closedForm(3 * GIB, 100 * MIB, MIB, 32), kept);
    }

    @Test
    void withoutProcTheAutomaticBudgetKeepsEveryTapeAndAnExplicitOneCountsTheTapes() {
        FakeMemory none = new FakeMemory(-1, -1, -1);
        assertEquals(32, run(new TapePlan(MemoryBudget.auto(), none), none, 32, 100 * MIB, MIB));
        FakeMemory memory = new FakeMemory(-1, -1, -1);
        int kept = run(new TapePlan(MemoryBudget.bytes(2 * GIB), memory), memory, 32, 100 * MIB, MIB);
        assertEquals(closedForm(2 * GIB, 100 * MIB, MIB, 32), kept);
    }

    @Test
    void budgetZeroRecomputesEveryLayerAndUnlimitedKeepsEveryOne() {
        ProcessMemory unreadable = new ProcessMemory() {
            @Override
            public long resident() {
                throw new AssertionError("budget 0 and unlimited read no memory");
            }

            @Override
            public long available() {
                throw new AssertionError("budget 0 and unlimited read no memory");
            }

            @Override
            public long total() {
                throw new AssertionError("budget 0 and unlimited read no memory");
            }
        };
        TapePlan zero = new TapePlan(MemoryBudget.bytes(0), unreadable);
        assertFalse(zero.tryKeep(3, MIB));
        TapePlan all = new TapePlan(MemoryBudget.unlimited(), unreadable);
        for (int i = 0; i < 4; i++) {
            assertEquals(true, all.tryKeep(3 - i, MIB));
            assertEquals(true, all.confirm(GIB, 3 - i, MIB));
        }
        assertEquals(4, all.kept());
    }
}
