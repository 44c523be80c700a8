package io.github.lxt4j.cli;

import io.github.lxt4j.bench.BenchResult;
import io.github.lxt4j.bench.LlamaBench;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lxt4j bench}: load, forward, explain, explain/forward, peak memory and FLOPs at real model sizes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark an AttnLRP explanation against a plain forward pass on random weights at real shapes.",
            "Progress goes to stderr; the table (or --json) to stdout."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true,
            description = "tinyllama-1.1b, llama-2-7b, mixtral-8x7b, or a config.json path.")
    String config;

    @Option(names = "--random-weights", defaultValue = "true", fallbackValue = "true", arity = "0..1",
            description = "Deterministic random weights (the only mode: no hub downloads here).")
    boolean randomWeights;

    @Option(names = "--layers", description = "Override num_hidden_layers (e.g. to fit llama-2-7b in memory).")
    Integer layers;

    @Option(names = "--seq", defaultValue = "128", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--backend", defaultValue = "djl", description = "djl or nd4j.")
    String backend;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu.")
    String device;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32, float64 or float16 (DJL).")
    String dtype;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--checkpoint", description = "Per-layer activation checkpointing in the relevance pass.")
    boolean checkpoint;

    @Option(names = "--repeat", defaultValue = "5", description = "Timed repeats; medians are reported.")
    int repeat;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random weights and ids.")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (!randomWeights) {
            throw new IllegalArgumentException("bench runs on --random-weights only");
        }
        LlamaBench.Spec s = new LlamaBench.Spec(config, layers, Backends.byName(backend, Device.parse(device)),
                DType.parse(dtype), threads, checkpoint, batch, seq, repeat, seed);
        BenchResult r = new LlamaBench(System.err).run(s);
        var out = spec.commandLine().getOut();
        out.print(json ? r.toJson() + System.lineSeparator() : r.toTable());
        out.flush();
        return 0;
    }
}
