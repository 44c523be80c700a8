package io.github.lxt4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AttentionMemory.InsufficientMemoryException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.FakeMemory;
import org.junit.jupiter.api.Test;

/** A decoder input whose attention matrices cannot fit is refused before any [T, T] tensor is allocated. */
class AttentionMemoryTest {

    @Test
    void theEstimateCountsKeptLayersAndTheTransients() {
        // 1 row × 2 heads × 10² values × (2 kept per layer × 3 layers + 3 transients) × 4 bytes
        assertEquals(7200, AttentionMemory.estimate(1, 2, 10, 3, 4));
        assertEquals(2400, AttentionMemory.estimate(1, 2, 10, 0, 4));
        assertEquals(Long.MAX_VALUE, AttentionMemory.estimate(1 << 20, 1 << 10, 1L << 30, 80, 8));
    }

    @Test
    void aLongInputIsRefusedBeforeItsMaskIsBuilt() throws Exception {
        JsonConfig cfg = JsonConfig.of(new ObjectMapper().readTree("""
                {"model_type": "llama", "vocab_size": 16, "hidden_size": 64, "intermediate_size": 8,
                 "num_hidden_layers": 2, "num_attention_heads": 32, "num_key_value_heads": 32,
                 "max_position_embeddings": 1048576}"""), "test config");
        int length = 200_000; // 32 heads × length² × 4 bytes is 5 TB per matrix
        try (TensorScope s = TensorScope.open();
                LlamaForCausalLM model = LlamaForCausalLM.build(
                        LlamaConfig.parse(cfg), new RandomWeights(1, 0.02), Backends.djl(), DType.FLOAT32);
                Tape tape = Tape.record()) {
            long[] ids = new long[length];
            InsufficientMemoryException e = assertThrows(
                    InsufficientMemoryException.class,
                    () -> model.forward(
                            model.embed(model.backend().fromLongs(ids, 1, length)),
                            null,
                            DecoderOptions.defaults().lastOnly()));
            assertTrue(
                    e.getMessage().contains("1 × 200000 tokens")
                            && e.getMessage().contains("available"),
                    e.getMessage());
        }
    }

    private static final long GIB = 1L << 30;
    /** 1 row × 512 tokens, 32 heads, 32 layers, a 16 MiB input per layer, float32: attention 96 MiB unkept. */
    private static final AttentionMemory.Pass PASS = new AttentionMemory.Pass(1, 32, 512, 32, 16L << 20, 4);

    @Test
    void anExplicitBudgetBelowWhatARecomputedPassNeedsIsRefusedWithTheFigureThatWouldFit() {
        // needs 96 MiB of attention + 32 × 16 MiB of inputs = 608 MiB above 8 GiB resident
        FakeMemory memory = new FakeMemory(8 * GIB, 100 * GIB, 128 * GIB);
        InsufficientMemoryException e = assertThrows(
                InsufficientMemoryException.class,
                () -> AttentionMemory.check(PASS, MemoryBudget.bytes(8 * GIB + 600L * (1 << 20)), memory));
        assertTrue(e.getMessage().contains("needs at least 608.0 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("raise --memory-budget to at least 8.59 GiB"), e.getMessage());
        AttentionMemory.check(PASS, MemoryBudget.bytes(8 * GIB + 608L * (1 << 20)), memory);
    }

    @Test
    void aBudgetBelowTheResidentMemoryIsRefusedAndBudgetZeroIsCheckpointing() {
        FakeMemory memory = new FakeMemory(32 * GIB, 100 * GIB, 128 * GIB);
        InsufficientMemoryException e = assertThrows(
                InsufficientMemoryException.class,
                () -> AttentionMemory.check(PASS, MemoryBudget.bytes(4 * GIB), memory));
        assertTrue(e.getMessage().contains("above the 32.00 GiB the process holds now"), e.getMessage());
        assertTrue(e.getMessage().contains("memory budget of 4.00 GiB"), e.getMessage());
        AttentionMemory.check(PASS, MemoryBudget.bytes(0), memory);
        AttentionMemory.check(PASS, null, memory);
    }

    @Test
    void theAutomaticBudgetNeedsOnlyTheRecomputedPassToFitWhatIsAvailable() {
        FakeMemory memory = new FakeMemory(8 * GIB, 1 * GIB, 16 * GIB);
        AttentionMemory.check(PASS, MemoryBudget.auto(), memory);
        // every layer kept: 32 × 2 + 3 matrices of 32 MiB = 2.1 GiB of attention alone
        InsufficientMemoryException e = assertThrows(
                InsufficientMemoryException.class, () -> AttentionMemory.check(PASS, MemoryBudget.unlimited(), memory));
        assertTrue(e.getMessage().contains("leave the memory budget to lxt4j"), e.getMessage());
        memory.available = 500L << 20;
        assertThrows(InsufficientMemoryException.class, () -> AttentionMemory.check(PASS, MemoryBudget.auto(), memory));
    }
}
