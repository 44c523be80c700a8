package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.TestBackends;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Config features the fixture does not exercise, on gemma3-tiny's weights: the v4 config form, RoPE scaling of the
 * global layers only, the final logit softcap and its rules, and the embedding scale for a hidden size that is not
 * a square.
 */
class Gemma3VariantsTest {

    private static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    private Map<String, TensorData> explain(String name, ObjectNode config, Method method) {
        Path dir = Gemma3Folders.write(tmp.resolve(name), config, Gemma3Folders.tensors());
        return Gemma3Folders.explain(dir, F32, method);
    }

    private static void assertIdentical(Map<String, TensorData> expected, Map<String, TensorData> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String k : expected.keySet()) {
            double[] a = actual.get(k).toDoubles();
            double[] e = expected.get(k).toDoubles();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 0.0, what + " " + k + "[" + i + "]");
            }
        }
    }

    /** The fixture's config in HF v4 form: a sliding pattern of 3 and the legacy RoPE fields. */
    private static ObjectNode v4Config() {
        ObjectNode c = Gemma3Folders.config();
        c.remove("layer_types");
        c.remove("rope_parameters");
        c.remove("_sliding_window_pattern");
        c.put("sliding_window_pattern", 3);
        c.put("rope_theta", 1_000_000.0);
        c.put("rope_local_base_freq", 10_000.0);
        return c;
    }

    private static ObjectNode allSliding(ObjectNode c) {
        ArrayNode types = c.putArray("layer_types");
        for (int i = 0; i < 3; i++) {
            types.add("sliding_attention");
        }
        return c;
    }

    @Test
    void v4ConfigFormExplainsLikeTheV5Fixture() {
        Map<String, TensorData> v5 = explain("v5", Gemma3Folders.config(), Method.ATTNLRP);
        assertIdentical(v5, explain("v4", v4Config(), Method.ATTNLRP), "v4 form");
        Compare.absolute(
                "v5 form vs reference",
                v5.get("logits_last").toDoubles(),
                Gemma3Folders.REF.get("logits_last").toDoubles(),
                1e-4);
    }

    /** gemma-3-4b's linear ×8 applies to global layers only: v4 rope_scaling ≡ v5 full_attention entry. */
    @Test
    void ropeScalingActsOnTheGlobalLayersOnly() {
        ObjectNode v4 = v4Config();
        v4.putObject("rope_scaling").put("rope_type", "linear").put("factor", 8.0);
        ObjectNode v5 = Gemma3Folders.config();
        ((ObjectNode) v5.get("rope_parameters").get("full_attention"))
                .put("rope_type", "linear")
                .put("factor", 8.0);
        Map<String, TensorData> scaledV4 = explain("scaled-v4", v4, Method.ATTNLRP);
        assertIdentical(scaledV4, explain("scaled-v5", v5, Method.ATTNLRP), "linear x8, v4 vs v5");
        double moved = Compare.maxDiff(
                scaledV4.get("logits_last").toDoubles(),
                explain("plain", Gemma3Folders.config(), Method.ATTNLRP)
                        .get("logits_last")
                        .toDoubles());
        assertTrue(moved > 1e-4, "scaling the global RoPE must change the logits of layer 2, moved " + moved);
        // with every layer sliding, the global schedule is never used
        Map<String, TensorData> sliding = explain("sliding", allSliding(Gemma3Folders.config()), Method.ATTNLRP);
        assertIdentical(sliding, explain("sliding-scaled", allSliding(v5), Method.ATTNLRP), "all sliding");
        ObjectNode v4Sliding = v4Config().put("sliding_window_pattern", 4); // (i + 1) % 4 ≠ 0 for i < 3
        v4Sliding.putObject("rope_scaling").put("rope_type", "linear").put("factor", 8.0);
        assertIdentical(sliding, explain("sliding-v4", v4Sliding, Method.ATTNLRP), "all sliding, v4 pattern");
    }

    /**
     * {@code final_logit_softcapping} c: logits become c·tanh(z/c). Its rule is AttnLRP's identity for element-wise
     * nonlinearities, so the capped target y seeds the same relevance scaled by y/z; the gradient is scaled by
     * 1 − tanh²(z/c).
     */
    @ParameterizedTest
    @EnumSource(
            value = Method.class,
            names = {"ATTNLRP", "CP_LRP", "GRADIENT_X_INPUT"})
    void finalLogitSoftcapping(Method method) {
        double cap = 2.0;
        ObjectNode capped = Gemma3Folders.config().put("final_logit_softcapping", cap);
        Map<String, TensorData> plain = explain("plain", Gemma3Folders.config(), method);
        Map<String, TensorData> soft = explain("capped", capped, method);
        double[] z = plain.get("logits_last").toDoubles();
        double[] y = soft.get("logits_last").toDoubles();
        for (int i = 0; i < z.length; i++) {
            assertEquals(cap * Math.tanh(z[i] / cap), y[i], 1e-5, "logit " + i);
        }
        int vocab = z.length / 2;
        String p = method.keyPrefix();
        for (String suffix : new String[] {".tokens", ".embeddings", ".layer.2"}) {
            double[] r = plain.get(p + suffix).toDoubles();
            double[] rc = soft.get(p + suffix).toDoubles();
            double[] expected = new double[r.length];
            int perRow = r.length / 2;
            for (int row = 0; row < 2; row++) {
                double target = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    target = Math.max(target, z[row * vocab + v]);
                }
                double t = Math.tanh(target / cap);
                double factor = method == Method.GRADIENT_X_INPUT ? 1 - t * t : cap * t / target;
                for (int i = 0; i < perRow; i++) {
                    expected[row * perRow + i] = r[row * perRow + i] * factor;
                }
            }
            Compare.relevance(method + " capped " + suffix, rc, expected, 1e-5, 0.99999);
        }
    }

    /** √40 is not a float: the scale is float32's 6.3245554, in float64 too, as HF's float32 buffer is. */
    @ParameterizedTest
    @MethodSource("backends")
    void embeddingScaleIsTheFloat32SquareRootOfTheHiddenSize(Backend backend) {
        ObjectNode c = Gemma3Folders.MAPPER
                .createObjectNode()
                .put("model_type", "gemma3_text")
                .put("vocab_size", 16)
                .put("hidden_size", 40)
                .put("intermediate_size", 16)
                .put("num_hidden_layers", 1)
                .put("num_attention_heads", 2)
                .put("num_key_value_heads", 1)
                .put("head_dim", 8);
        Gemma3Config cfg = Gemma3Config.parse(JsonConfig.of(c, "synthetic"));
        double scale = (float) Math.sqrt(40);
        assertTrue(scale != Math.sqrt(40));
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (TensorScope s = TensorScope.open();
                    Gemma3ForCausalLM m =
                            Gemma3ForCausalLM.build(cfg, new RandomWeights(5, 0.02), LoadOptions.of(backend, dtype))) {
                Var e = m.embed(backend.fromLongs(new long[] {3, 11}, 1, 2));
                double[] got = e.value().toDoubleArray();
                double[] table = ((DenseWeight) m.embedding().weight()).tensor().toDoubleArray();
                for (int i = 0; i < 40; i++) {
                    assertEquals(table[3 * 40 + i] * scale, got[i], Math.abs(got[i]) * 1e-7, dtype + " row 3");
                    assertEquals(
                            table[11 * 40 + i] * scale, got[40 + i], Math.abs(got[40 + i]) * 1e-7, dtype + " row 11");
                }
                if (dtype == DType.FLOAT64) {
                    assertEquals(table[3 * 40] * scale, got[0], 0.0, "float64: exactly the float32 scale");
                }
            }
        }
    }
}
