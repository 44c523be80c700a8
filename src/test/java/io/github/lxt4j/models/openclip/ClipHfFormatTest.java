package io.github.lxt4j.models.openclip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.ClipFixture;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixture's weights re-saved under HF CLIPModel names load into the same model and give identical outputs. */
class ClipHfFormatTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.testing.ClipFixture#backends")
    void hfFolderGivesIdenticalOutputs(Supplier<Backend> backend) {
        Map<String, TensorData> ref = Fixtures.reference(ClipFixture.FIXTURE);
        Map<String, TensorData> in = ClipFixture.inputs(ref);
        BatchOptions opts = BatchOptions.defaults().withTarget(new long[] {0, 1});
        Backend b = backend.get();
        // eos 2 is HF's legacy argmax pooling; 319 pools at the first end-of-text id: the same positions here
        Path legacy = ClipFolders.writeHf(tmp.resolve("hf-legacy"), 2, Set.of());
        Path eos = ClipFolders.writeHf(tmp.resolve("hf-eos"), 319, Set.of());
        try (ClipModel open = ClipModel.fromPretrained(Fixtures.dir(ClipFixture.FIXTURE), b, DType.FLOAT32);
                ClipModel hf = ClipModel.fromPretrained(legacy, b, DType.FLOAT32);
                ClipModel hfEos = ClipModel.fromPretrained(eos, b, DType.FLOAT32)) {
            assertEquals(ClipFormat.OPEN_CLIP, open.config().format());
            assertEquals(ClipFormat.HF, hf.config().format());
            assertEquals(ClipTextConfig.Pooling.ARGMAX, hf.config().text().pooling());
            assertEquals(ClipTextConfig.Pooling.EOS_ID, hfEos.config().text().pooling());
            for (Method m : new Method[] {Method.GRADIENT_X_INPUT, Method.CP_LRP, Method.CP_LRP_GAMMA}) {
                Map<String, TensorData> expected = new ClipExplainer(open).explainBatch(in, m, opts);
                for (ClipModel other : new ClipModel[] {hf, hfEos}) {
                    Map<String, TensorData> actual = new ClipExplainer(other).explainBatch(in, m, opts);
                    assertEquals(expected.keySet(), actual.keySet());
                    for (String k : expected.keySet()) {
                        // the same arithmetic up to BLAS's choice of kernel for split vs fused q/k/v weights
                        Compare.relevance(
                                m + " " + k + ", OpenCLIP vs HF folder",
                                actual.get(k).toDoubles(),
                                expected.get(k).toDoubles(),
                                1e-6,
                                0.999999);
                    }
                }
            }
        }
    }
}
