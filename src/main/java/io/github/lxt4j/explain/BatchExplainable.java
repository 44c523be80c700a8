package io.github.lxt4j.explain;

import io.github.lxt4j.io.TensorData;
import java.util.Map;

/**
 * A loaded model that serves the batch interface ({@code lxt4j explain --inputs in.safetensors --output out}).
 * Input and output keys are exactly the fixtures' (see docs/cli.md and {@code src/test/resources/fixtures/README.md}):
 * e.g. {@code input_ids}, {@code attention_mask} in; {@code attnlrp.tokens}, {@code attnlrp.embeddings},
 * {@code attnlrp.layer.0}, {@code logits_last} out.
 */
public sealed interface BatchExplainable extends AutoCloseable
        permits CausalLmExplainer, T5Explainer, ClipExplainer, ClassifierExplainer, ImageClassifierExplainer {

    Map<String, TensorData> explainBatch(Map<String, TensorData> inputs, Method method, BatchOptions options);

    /** Calls the {@code visitor}'s method for this explainer's kind and returns its result. */
    <R> R accept(ExplainerVisitor<R> visitor);

    @Override
    void close();
}
