package io.github.lxt4j.benchmarks;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
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

/** Forward + relevance of single ops at attention sizes (32 heads × seq × 64), per backend. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true"})
public class RuleBenchmarks {

    @Param({"djl", "nd4j"})
    public String backend;

    @Param({"128"})
    public int seq;

    private TensorScope scope;
    private Tensor q;
    private Tensor k;
    private Tensor scores;
    private final Site qk = Site.of(OpKind.MATMUL, "qk").setRule(new Rules.UniformEpsilon());
    private final Site softmax = Site.of(OpKind.SOFTMAX, "softmax").setRule(new Rules.SoftmaxTaylor());

    @Setup(Level.Trial)
    public void setUp() {
        Backend be = Backends.byName(backend, Device.cpu());
        be.setThreads(2);
        scope = TensorScope.open();
        q = Inputs.random(be, 1, 1, 1, 32, seq, 64);
        k = Inputs.random(be, 2, 1, 1, 32, 64, seq);
        scores = Inputs.random(be, 3, 4, 1, 32, seq, seq);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public double matmulUniformEpsilonBackward() {
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var a = Var.leaf(q);
            Var b = Var.leaf(k);
            Var z = MatMulOp.apply(qk, a, b);
            z.backward(z);
            return a.grad().sumAll().item();
        }
    }

    @Benchmark
    public double softmaxTaylorBackward() {
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var x = Var.leaf(scores);
            Var y = SoftmaxOp.apply(softmax, x, -1);
            y.backward(y);
            return x.grad().sumAll().item();
        }
    }
}
