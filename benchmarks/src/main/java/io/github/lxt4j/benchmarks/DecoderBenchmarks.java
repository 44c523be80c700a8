package io.github.lxt4j.benchmarks;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.bench.BenchPresets;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.llama.CausalMask;
import io.github.lxt4j.models.llama.LlamaAttention;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaDecoderLayer;
import io.github.lxt4j.nn.GatedMlp;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.RotaryEmbedding;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One TinyLlama-width attention block and one whole decoder layer: forward alone vs. forward + AttnLRP. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx6g"})
public class DecoderBenchmarks {

    @Param({"djl", "nd4j"})
    public String backend;

    @Param({"128"})
    public int seq;

    private TensorScope weights;
    private TensorScope inputs;
    private LlamaAttention attention;
    private LlamaDecoderLayer layer;
    private Tensor x;
    private Tensor cos;
    private Tensor sin;
    private Tensor mask;

    @Setup(Level.Trial)
    public void setUp() {
        Backend be = Backends.byName(backend, Device.cpu());
        be.setThreads(2);
        LlamaConfig cfg = LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", 1));
        weights = TensorScope.detached();
        WeightSource w = new WeightSource(new RandomWeights(7, 0.02), be, DType.FLOAT32, weights);
        attention = new LlamaAttention("attn", cfg, w);
        long h = cfg.hiddenSize();
        long f = cfg.intermediateSize();
        GatedMlp mlp = new GatedMlp(
                "model.layers.0.mlp",
                new Linear("gate", w.get("model.layers.0.mlp.gate_proj.weight", f, h), null),
                new Linear("up", w.get("model.layers.0.mlp.up_proj.weight", f, h), null),
                new Linear("down", w.get("model.layers.0.mlp.down_proj.weight", h, f), null),
                cfg.hiddenAct());
        layer = new LlamaDecoderLayer("model.layers.0", cfg, w, mlp);
        Composites.ATTN_LRP.register(attention);
        Composites.ATTN_LRP.register(layer);
        inputs = TensorScope.open();
        x = Inputs.random(be, 11, 1, 1, seq, h);
        Tensor[] cs = new RotaryEmbedding(cfg.headDim(), cfg.rope())
                .cosSin(CausalMask.positions(null, 1, seq), be, DType.FLOAT32);
        cos = cs[0];
        sin = cs[1];
        mask = CausalMask.build(be, null, 1, seq, -1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inputs.close();
        weights.close();
    }

    @Benchmark
    public double attentionForward() {
        try (TensorScope s = TensorScope.open()) {
            return attention
                    .forward(Var.constant(x), cos, sin, mask)
                    .value()
                    .sumAll()
                    .item();
        }
    }

    @Benchmark
    public double attentionExplain() {
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var in = Var.leaf(x);
            Var out = attention.forward(in, cos, sin, mask);
            out.backward(out);
            return in.grad().sumAll().item();
        }
    }

    @Benchmark
    public double decoderLayerForward() {
        try (TensorScope s = TensorScope.open()) {
            return layer.forward(Var.constant(x), cos, sin, mask)
                    .value()
                    .sumAll()
                    .item();
        }
    }

    @Benchmark
    public double decoderLayerExplain() {
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var in = Var.leaf(x);
            Var out = layer.forward(in, cos, sin, mask);
            out.backward(out);
            return in.grad().sumAll().item();
        }
    }
}
