package io.github.lxt4j.cli;

import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lxt4j quantize}: writes the float32 checkpoint of a model's weights as {@code --weights} stores them. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Quantize a model's block linears as --weights does at load and write the dequantized float32"
                + " checkpoint (every tensor as float32, plus config and tokenizer files), so that the relevance of"
                + " the quantized model can be checked against the float32 model of that folder."})
public final class QuantizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR|HUB_ID",
            description = "Folder or hub id (default: the embedded demo model).")
    String model;

    @Option(names = "--weights", paramLabel = "FORMAT", required = true, description = "nf4, fp4, int8, bf16 or f16.")
    String weights;

    @Option(names = "--dequantize", required = true, paramLabel = "OUT_DIR",
            description = "Folder to write model.safetensors (float32) and the config and tokenizer files to;"
            + " refused when it is not empty, unless --force.")
    Path out;

    @Option(names = "--force", description = "Replace OUT_DIR when it is not empty: the new checkpoint is written"
            + " into a temporary folder beside it, which then takes its place (nothing of the old folder survives).")
    boolean force;

    @Override
    public Integer call() {
        WeightFormat f = WeightFormat.parse(weights);
        if (f == WeightFormat.F32) {
            throw new IllegalArgumentException("--weights f32 stores nothing differently; choose nf4, fp4, int8,"
                    + " bf16 or f16");
        }
        Path dir = ModelResolver.resolve(model);
        new OutputChecks().modelFolder(dir).folder("--dequantize", out, force).check();
        PrintWriter stdout = spec.commandLine().getOut();
        int n = DequantizedCheckpoint.write(dir, f, out, force,
                () -> stdout.println("replacing " + out.toAbsolutePath() + " and everything in it"));
        stdout.printf("wrote %s: %d weight(s) stored as %s, dequantized to float32%n",
                out.resolve("model.safetensors"), n, f);
        return 0;
    }
}
