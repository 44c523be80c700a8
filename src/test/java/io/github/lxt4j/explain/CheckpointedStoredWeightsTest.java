package io.github.lxt4j.explain;

import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpointed explanations of quantized models reuse each layer's widened weights between the recomputed forward and
 * the relevance pass when a WidenCache budget is set; with it, with the default (no cache), and without checkpointing,
 * the relevance is the same.
 */
class CheckpointedStoredWeightsTest {

    @ParameterizedTest
    @CsvSource({"llama-tiny,nf4", "llama-tiny,int8", "mixtral-tiny,nf4", "mixtral-tiny,bf16"})
    void checkpointingWithCachedWideningChangesNothing(String fixture, String format) {
        LoadOptions options = LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(WeightFormat.parse(format));
        long[][] ids = Fixtures.rows(Fixtures.reference(fixture).get("input_ids"));
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer plain = new CausalLmExplainer(
                        (LlamaForCausalLM) AutoModel.fromPretrained(Fixtures.dir(fixture), options), null)) {
            List<Explanation> reference = plain.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            plain.checkpointLayers(true);
            List<Explanation> uncached = plain.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            System.setProperty("lxt4j.widenCacheBytes", Long.toString(1L << 30));
            List<Explanation> cached;
            try {
                cached = plain.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            } finally {
                System.clearProperty("lxt4j.widenCacheBytes");
            }
            for (int i = 0; i < ids.length; i++) {
                Compare.relevance(
                        fixture + " " + format + " row " + i + " cached",
                        cached.get(i).relevance(),
                        reference.get(i).relevance(),
                        1e-6,
                        0.999999);
                Compare.relevance(
                        fixture + " " + format + " row " + i + " uncached",
                        uncached.get(i).relevance(),
                        reference.get(i).relevance(),
                        1e-6,
                        0.999999);
            }
        }
    }
}
