package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ExplainWorkers}: explanations on two workers equal those made one after another on the calling thread, bit
 * for bit; results keep the input order with a bounded number in flight; a failing task is thrown in its turn after
 * the results before it, without hanging; each worker has its share of the intra-op threads.
 */
class ExplainWorkersTest {

    @Test
    void twoWorkersExplainAsTheCallingThreadDoes() {
        Path dir = Fixtures.dir("kv-retrieval");
        List<String> prompts = new ArrayList<>();
        for (String p : new String[] {
            "alice likes red . bob likes blue . so bob likes",
            "alice likes red . bob likes blue . carol likes gold . dave likes figs . so alice likes",
            "erin likes pink . frank likes plums . so frank likes",
        }) {
            for (int i = 0; i < 4; i++) {
                prompts.add(p);
            }
        }
        Collections.rotate(prompts, 5);
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer lm = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), HfTokenizer.open(dir))) {
            List<Explanation> sequential = new ArrayList<>();
            for (String p : prompts) {
                try (TensorScope each = TensorScope.open()) {
                    sequential.add(lm.explain(p, Target.argmax(), Method.ATTNLRP));
                }
            }
            int owned = scope.size();
            List<Explanation> parallel;
            try (ExplainWorkers workers = ExplainWorkers.start(lm.model().backend(), 2)) {
                parallel = workers.map(prompts, p -> lm.explain(p, Target.argmax(), Method.ATTNLRP));
            }
            assertEquals(owned, scope.size(), "the workers' tensors stay in their own scopes");
            assertEquals(prompts.size(), parallel.size());
            for (int i = 0; i < prompts.size(); i++) {
                Explanation a = sequential.get(i);
                Explanation b = parallel.get(i);
                assertArrayEquals(a.ids(), b.ids(), "input order, prompt " + i);
                assertArrayEquals(a.relevance(), b.relevance(), "relevance bits, prompt " + i);
                assertArrayEquals(a.embeddingRelevance(), b.embeddingRelevance(), "prompt " + i);
                assertArrayEquals(a.targetIds(), b.targetIds());
                assertEquals(a.targetValue(), b.targetValue());
            }
        }
    }

    @Test
    void resultsKeepTheInputOrderWithABoundedWindow() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger handedOut = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Integer> out = new ArrayList<>();
        try (ExplainWorkers workers = ExplainWorkers.start(Backends.djl(), 3, 3, "workers");
                ExplainWorkers.Ordered<Integer> ordered = workers.ordered(i -> {
                    out.add(i);
                    handedOut.incrementAndGet();
                })) {
            assertEquals(6, workers.window());
            for (int i = 0; i < 40; i++) {
                int n = i;
                ordered.submit(() -> {
                    int inFlight = started.incrementAndGet() - handedOut.get();
                    mostInFlight.accumulateAndGet(inFlight, Math::max);
                    threads.add(Thread.currentThread().getName());
                    assertTrue(TensorScope.isOpen(), "each task runs in a scope of its own");
                    sleep(n == 0 ? 60 : (n * 7) % 5); // a slow first task: the others must wait for it
                    return n;
                });
            }
            ordered.finish();
        }
        assertEquals(IntStream.range(0, 40).boxed().toList(), out);
        assertTrue(mostInFlight.get() <= 6, "at most a window in flight: " + mostInFlight.get());
        assertTrue(threads.size() > 1 && threads.stream().allMatch(t -> t.startsWith("lxt4j-worker-")), "" + threads);
    }

    @Test
    void aFailureIsThrownInItsTurnAndTheRestIsCancelled() {
        IllegalStateException boom = new IllegalStateException("task 5 failed");
        List<Integer> out = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        try (ExplainWorkers workers = ExplainWorkers.start(Backends.djl(), 2, 2, "workers")) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                try (ExplainWorkers.Ordered<Integer> ordered = workers.ordered(out::add)) {
                    for (int i = 0; i < 100; i++) {
                        int n = i;
                        ordered.submit(() -> {
                            ran.incrementAndGet();
                            if (n == 5) {
                                throw boom;
                            }
                            sleep(n < 5 ? 20 : 1);
                            return n;
                        });
                    }
                    ordered.finish();
                }
            });
            assertSame(boom, thrown, "the task's own exception");
            assertEquals(List.of(0, 1, 2, 3, 4), out, "the results before the failure, nothing after it");
            assertTrue(ran.get() < 100, "the tasks after the failure are not run: " + ran.get());
            assertEquals(List.of(7, 8), workers.map(List.of(7, 8), i -> i), "the workers still run");
        }
        assertThrows(OutOfMemoryError.class, () -> {
            try (ExplainWorkers workers = ExplainWorkers.start(Backends.djl(), 2, 2, "workers")) {
                workers.map(List.of(1, 2, 3), i -> {
                    if (i == 2) {
                        throw new OutOfMemoryError("simulated");
                    }
                    return i;
                });
            }
        });
    }

    @Test
    void eachWorkerHasItsShareOfTheIntraOpThreads() {
        Backend djl = Backends.djl();
        int before = djl.threads();
        try (ExplainWorkers two = ExplainWorkers.start(djl, 2, 4, "workers");
                ExplainWorkers many = ExplainWorkers.start(djl, 5, 4, "workers")) {
            assertEquals(2, two.threadsPerWorker());
            assertEquals(List.of(2, 2, 2), two.map(List.of(1, 2, 3), i -> djl.threads()));
            assertEquals(1, many.threadsPerWorker(), "at least one thread each");
            assertEquals(List.of(1, 1), many.map(List.of(1, 2), i -> djl.threads()));
            assertEquals(before, djl.threads(), "the calling thread keeps its own count");
            int[] fresh = new int[1];
            Thread later = new Thread(() -> fresh[0] = djl.threads());
            later.start();
            join(later);
            assertEquals(before, fresh[0], "a thread started later gets the caller's count, not the workers'");
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void badCountsAreRefusedNamingTheSetting() {
        WorkersException zero =
                assertThrows(WorkersException.class, () -> ExplainWorkers.start(Backends.djl(), 0, 2, "--workers"));
        assertEquals("--workers must be >= 1, got 0", zero.getMessage());
        WorkersException nd4j = assertThrows(WorkersException.class, () -> ExplainWorkers.check(2, "nd4j", "workers"));
        assertTrue(nd4j.getMessage().startsWith("workers 2 needs the djl backend"), nd4j.getMessage());
        ExplainWorkers.check(1, "nd4j", "workers");
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
