package io.github.lxt4j.cli;

import io.github.lxt4j.bench.BenchResult;
import io.github.lxt4j.bench.BenchRunner;
import io.github.lxt4j.bench.BenchSpec;
import io.github.lxt4j.bench.ThroughputRunner;
import io.github.lxt4j.bench.WeightsComparison;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lxt4j bench}: load, forward, explain, explain/forward, peak memory and FLOPs at real model sizes. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark an explanation against a plain forward pass on random weights at real shapes:"
                    + " decoder LMs and T5 with AttnLRP, CLIP with CP-LRP.",
            "Progress goes to stderr; the table (or --json) to stdout.",
            "--weights also takes a comma-separated list (e.g. f32,nf4,bf16,int8): the model is built once per"
                    + " form, all forms are kept, their timed repeats interleaved, and each form's forward and"
                    + " explanation are reported with their ratio to the first form's."
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "NAME|FILE",
            required = true,
            description = "tinyllama-1.1b, llama-2-7b, llama-3-8b, mistral-7b, mixtral-8x7b, t5-base, clip-vit-b-16,"
                    + " or a config file: HF config.json of any registered model family, an HF CLIPConfig, or an"
                    + " OpenCLIP model config.")
    String config;

    @Option(
            names = "--layers",
            paramLabel = "N",
            description = "Override the depth of every stack (T5: encoder and decoder; CLIP:"
                    + " both towers), e.g. to fit llama-2-7b in memory.")
    Integer layers;

    @Option(
            names = "--seq",
            paramLabel = "N",
            description = "Input length: decoders' prompt, T5's encoder input (default: " + BenchSpec.DEFAULT_SEQ
                    + "). Not accepted for CLIP (image_size and context_length are fixed).")
    Integer seq;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "1",
            description = "Batch size, decoders and T5; CLIP takes 1" + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    RuntimeOptions runtime;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "2",
            description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--checkpoint",
            description = "Per-layer activation checkpointing in the relevance pass" + " (decoders only).")
    boolean checkpoint;

    @Mixin
    MemoryOptions memory;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "5",
            description = "Timed repeats; medians are reported.")
    int repeat;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "1",
            description = "Untimed explanations first"
                    + " (default: ${DEFAULT-VALUE}); with 0 the first timed one measures the relevance pass's memory.")
    int warmup;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "42",
            description = "Seed of the random weights and ids.")
    long seed;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Measure throughput instead: explanations per second of 1 worker with --threads"
                    + " intra-op threads against N workers sharing them, alternating rounds (docs/performance.md).")
    Integer workers;

    @Option(
            names = "--save-dir",
            paramLabel = "DIR",
            description = "Decoder LMs with --weights other than f32: write the random weights to DIR once, as a"
                    + " bitsandbytes (nf4, fp4, int8) or bf16/f16 checkpoint, then explain from it memory-mapped;"
                    + " a later run with the same config, depth, weights and seed reuses DIR.")
    Path saveDir;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        BenchSpec s = new BenchSpec(
                config,
                layers,
                runtime.backend(),
                runtime.dtype(),
                threads,
                checkpoint,
                batch,
                seq,
                repeat,
                seed,
                runtime.weights.contains(",") ? WeightFormat.F32 : runtime.weights(),
                warmup,
                memory.given(checkpoint));
        var out = spec.commandLine().getOut();
        if (workers != null) {
            if (saveDir != null) {
                throw new IllegalArgumentException(
                        "--workers measures throughput on random weights built in memory; drop --save-dir");
            }
            ThroughputRunner.Result t = new ThroughputRunner(spec.commandLine().getErr()).run(s, workers);
            out.print(json ? t.toJson() + System.lineSeparator() : t.toTable());
            out.flush();
            return 0;
        }
        if (runtime.weights.contains(",")) {
            if (saveDir != null) {
                throw new IllegalArgumentException(
                        "--weights with a list compares weight forms built in memory; drop --save-dir");
            }
            List<WeightFormat> forms = new ArrayList<>();
            for (String f : runtime.weights.split(",", -1)) {
                forms.add(WeightFormat.parse(f));
            }
            WeightsComparison.Result c =
                    new WeightsComparison(spec.commandLine().getErr()).run(s, forms);
            out.print(json ? c.toJson() + System.lineSeparator() : c.toTable());
            out.flush();
            return 0;
        }
        BenchResult r =
                new BenchRunner(spec.commandLine().getErr()).saveDir(saveDir).run(s);
        out.print(json ? r.toJson() + System.lineSeparator() : r.toTable());
        out.flush();
        return 0;
    }
}
