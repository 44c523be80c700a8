package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.NonFiniteWeightException;
import io.github.lxt4j.models.PaddingException;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.WeightShapeException;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken Gemma 3 checkpoints and bad inputs fail with typed errors that name the tensor or the input. */
class Gemma3BadInputTest {

    private static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    private <T extends Throwable> void fails(Class<T> type, String fragment, Consumer<Map<String, TensorData>> edit) {
        Map<String, TensorData> tensors = Gemma3Folders.tensors();
        edit.accept(tensors);
        Path dir = Gemma3Folders.write(tmp.resolve("broken"), Gemma3Folders.config(), tensors);
        T e = assertThrows(type, () -> AutoModel.fromPretrained(dir, F32).close());
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void missingQueryNorm() {
        fails(
                MissingTensorException.class,
                "model.layers.1.self_attn.q_norm.weight",
                m -> m.remove("model.layers.1.self_attn.q_norm.weight"));
    }

    @Test
    void keyNormOfTheWrongWidth() {
        fails(
                WeightShapeException.class,
                "model.layers.0.self_attn.k_norm.weight",
                m -> m.put("model.layers.0.self_attn.k_norm.weight", TensorData.ofFloats(new float[64], 64)));
    }

    @Test
    void nanInASandwichNorm() {
        String key = "model.layers.2.post_feedforward_layernorm.weight";
        fails(NonFiniteWeightException.class, key, m -> {
            float[] v = m.get(key).toFloats();
            v[3] = Float.NaN;
            m.put(key, TensorData.ofFloats(v, 64));
        });
    }

    @Test
    void badRuntimeInputs() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        Gemma3ForCausalLM.fromPretrained(Fixtures.dir(Gemma3Folders.FIXTURE), F32), null)) {
            Embedding.InvalidTokenIdException tooBig = assertThrows(
                    Embedding.InvalidTokenIdException.class,
                    () -> ex.explainIds(new long[][] {{2, 4, 320}}, null, Target.argmax(), Method.ATTNLRP, false));
            assertTrue(
                    tooBig.getMessage().contains("320") && tooBig.getMessage().contains("[0, 320)"),
                    tooBig.getMessage());
            SequenceTooLongException longer = assertThrows(
                    SequenceTooLongException.class,
                    () -> ex.explainIds(new long[][] {new long[129]}, null, Target.argmax(), Method.ATTNLRP, false));
            assertTrue(
                    longer.getMessage().contains("129") && longer.getMessage().contains("max_position_embeddings"),
                    longer.getMessage());
            PaddingException right = assertThrows(
                    PaddingException.class,
                    () -> ex.explainIds(
                            new long[][] {{2, 5, 6, 0}},
                            new long[][] {{1, 1, 1, 0}},
                            Target.argmax(),
                            Method.ATTNLRP,
                            false));
            assertTrue(right.getMessage().contains("left padding"), right.getMessage());
        }
    }
}
