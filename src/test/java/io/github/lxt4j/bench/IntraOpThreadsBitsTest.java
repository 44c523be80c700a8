package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code --workers} relies on: on DJL-PyTorch (CPU) an explanation at TinyLlama width (hidden 2048, MLP 5632,
 * seq 96) gives the same bits with 1 intra-op thread on a worker as with 2 on the calling thread, so N workers
 * reproduce one worker exactly. It holds with MKL in strict CNR mode ({@code MKL_CBWR=AUTO,STRICT}, set for the tests
 * in the pom and by {@code ./lxt4j}); without it MKL's GEMMs with few rows change their last bits with the thread
 * count (the logit here by 3e-7), and so would any BLAS or kernel whose sums depend on it.
 */
class IntraOpThreadsBitsTest {

    @Test
    void oneThreadOnAWorkerEqualsTwoOnTheCaller() {
        Backend djl = Backends.djl();
        int before = djl.threads();
        JsonConfig json = BenchPresets.resolve("tinyllama-1.1b", 1);
        long[][] ids = RandomInputs.ids(7, 1, 96, 32000);
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer lm = new CausalLmExplainer(
                        (CausalLm) AutoModel.family(json)
                                .generate(
                                        json,
                                        new RandomWeights(3, RandomWeights.STD),
                                        LoadOptions.of(djl, DType.FLOAT32)),
                        null)) {
            djl.setThreads(2);
            Explanation two;
            try (TensorScope each = TensorScope.open()) {
                two = lm.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false)
                        .get(0);
            }
            List<Explanation> one;
            try (ExplainWorkers workers = ExplainWorkers.start(djl, 2, 2, "workers")) {
                assertEquals(1, workers.threadsPerWorker());
                one = workers.map(
                        List.<long[][]>of(ids),
                        x -> lm.explainIds(x, null, Target.argmax(), Method.ATTNLRP, false)
                                .get(0));
            }
            assertArrayEquals(two.targetIds(), one.get(0).targetIds());
            assertEquals(two.targetValue(), one.get(0).targetValue(), 0.0, "logit bits");
            assertArrayEquals(two.relevance(), one.get(0).relevance(), 0.0, "relevance bits");
            assertArrayEquals(two.embeddingRelevance(), one.get(0).embeddingRelevance());
        } finally {
            djl.setThreads(before);
        }
    }
}
