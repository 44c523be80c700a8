package io.github.lxt4j.models.qwen3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.models.CausalMask;
import io.github.lxt4j.models.CheckpointWeights;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.RopeContext;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sliding windows per layer: the attention's own window equals the shared window mask, and layers get theirs. */
class Qwen3SlidingWindowTest {

    static final Backend BE = Backends.djl();
    static final long[] IDS = {5, 17, 41, 9, 1, 22, 8, 30, 12, 47};

    @TempDir
    Path tmp;

    @Test
    void aSlidingAttentionEqualsFullAttentionUnderTheWindowMask() {
        int b = 2;
        int t = 9;
        long[][] pad = {{0, 0, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 1}};
        LlamaConfig cfg = Qwen3Config.parse(
                        PretrainedConfig.configJson(Fixtures.dir("qwen3-tiny")).json())
                .base();
        double[] x = new double[b * t * 64];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        try (TensorScope s = TensorScope.open();
                Checkpoint ckpt = Checkpoint.open(Fixtures.dir("qwen3-tiny"))) {
            WeightSource w = new WeightSource(new CheckpointWeights(ckpt), BE, DType.FLOAT64, s);
            String path = "model.layers.0.self_attn";
            Qwen3Attention sliding = new Qwen3Attention(path, cfg, 3, w);
            Qwen3Attention full = new Qwen3Attention(path, cfg, -1, w);
            Tensor[] cs = new RotaryEmbedding(cfg.headDim(), cfg.rope())
                    .cosSin(CausalMask.positions(pad, b, t), BE, DType.FLOAT64);
            Var in = Var.constant(BE.fromDoubles(x, DType.FLOAT64, b, t, 64));
            RopeContext plain = new RopeContext(CausalMask.build(BE, pad, b, t, -1), cs[0], cs[1]);
            RopeContext windowed = new RopeContext(CausalMask.build(BE, pad, b, t, 3), cs[0], cs[1]);
            double[] a = sliding.forward(in, plain).value().toDoubleArray();
            assertArrayEquals(full.forward(in, windowed).value().toDoubleArray(), a, 0);
            assertTrue(
                    Compare.maxDiff(a, full.forward(in, plain).value().toDoubleArray()) > 1e-3,
                    "the window changed nothing");
            assertEquals(3, sliding.window());
            assertEquals(-1, full.window());
        }
    }

    private Qwen3ForCausalLM load(String name, Consumer<ObjectNode> config) {
        Path dir = FixtureCopies.write("qwen3-tiny", tmp.resolve(name), config, t -> {});
        return Qwen3ForCausalLM.fromPretrained(dir, LoadOptions.of(BE, DType.FLOAT64));
    }

    private static double[] lastLogits(Qwen3ForCausalLM m, long[] ids) {
        return m.forward(
                        m.embed(BE.fromLongs(ids, 1, ids.length)),
                        null,
                        DecoderOptions.defaults().lastOnly())
                .value()
                .toDoubleArray();
    }

    private static List<Long> attentionWindows(Module m) {
        List<Long> out = new ArrayList<>();
        for (Module c : m.children()) {
            if (c instanceof Qwen3Attention a) {
                out.add(a.window());
            } else {
                out.addAll(attentionWindows(c));
            }
        }
        return out;
    }

    @Test
    void eachLayerGetsTheWindowItsConfigGives() {
        long[] changed = IDS.clone();
        changed[0] = 99;
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM full = load("full", c -> {});
                Qwen3ForCausalLM local = load(
                        "local",
                        c -> c.put("use_sliding_window", true)
                                .put("sliding_window", 1)
                                .putArray("layer_types")
                                .add("sliding_attention")
                                .add("sliding_attention"));
                Qwen3ForCausalLM mixed = load(
                        "mixed",
                        c -> c.put("use_sliding_window", true)
                                .put("sliding_window", 1)
                                .putArray("layer_types")
                                .add("full_attention")
                                .add("sliding_attention"))) {
            assertEquals(List.of(-1L, -1L), attentionWindows(full));
            assertEquals(List.of(1L, 1L), attentionWindows(local));
            assertEquals(List.of(-1L, 1L), attentionWindows(mixed));
            // window 1 everywhere: the last position sees only itself, so the first token cannot matter
            assertArrayEquals(lastLogits(local, IDS), lastLogits(local, changed), 0);
            assertTrue(Compare.maxDiff(lastLogits(full, IDS), lastLogits(full, changed)) > 1e-6);
            // full attention in layer 0 carries the first token to the last position
            assertTrue(Compare.maxDiff(lastLogits(mixed, IDS), lastLogits(mixed, changed)) > 1e-6);
            double[] m = lastLogits(mixed, IDS);
            assertTrue(Compare.maxDiff(m, lastLogits(full, IDS)) > 1e-6
                    && Compare.maxDiff(m, lastLogits(local, IDS)) > 1e-6);
        }
    }
}
