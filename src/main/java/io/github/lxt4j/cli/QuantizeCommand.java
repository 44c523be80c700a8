package io.github.lxt4j.cli;

import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.models.bnb.BnbWriter;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lxt4j quantize}: writes a model's weights as {@code --weights} stores them, either as a bitsandbytes
 * checkpoint ({@code --save}) or as the dequantized float32 checkpoint ({@code --dequantize}).
 */
@Command(
        name = "quantize",
        mixinStandardHelpOptions = true,
        description = {
            "Quantize a model's block linears as --weights does at load and write them: --save writes a"
                    + " checkpoint in the layout of transformers + bitsandbytes (nf4, fp4 or int8) that lxt4j loads"
                    + " memory-mapped; --dequantize writes the dequantized float32 checkpoint, so that the relevance of"
                    + " the quantized model can be checked against the float32 model of that folder."
        })
public final class QuantizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "DIR|HUB_ID",
            description = "Folder or hub id (default: the embedded demo model).")
    String model;

    @Option(
            names = "--weights",
            paramLabel = "FORMAT",
            required = true,
            description = "nf4, fp4, int8 (--save and --dequantize), bf16 or f16 (--dequantize).")
    String weights;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    @Option(
            names = "--double-quant",
            description = "With --save and nf4/fp4: quantize the block scales too (bnb_4bit_use_double_quant).")
    boolean doubleQuant;

    @Option(
            names = "--force",
            description = "Replace OUT_DIR when it is not empty: the new checkpoint is written"
                    + " into a temporary folder beside it, which then takes its place (nothing of the old"
                    + " folder survives).")
    boolean force;

    /** Exactly one of the two outputs. */
    static final class Output {
        @Option(
                names = "--save",
                paramLabel = "OUT_DIR",
                required = true,
                description = "Folder to write the bitsandbytes checkpoint to (model.safetensors, config.json with"
                        + " quantization_config, tokenizer files); refused if not empty, unless --force.")
        Path save;

        @Option(
                names = "--dequantize",
                paramLabel = "OUT_DIR",
                required = true,
                description = "Folder to write model.safetensors (float32) and the config and tokenizer files to;"
                        + " refused when it is not empty, unless --force.")
        Path dequantize;
    }

    @Override
    public Integer call() {
        WeightFormat f = WeightFormat.parse(weights);
        if (f == WeightFormat.F32) {
            throw new IllegalArgumentException(
                    "--weights f32 stores nothing differently; choose nf4, fp4, int8," + " bf16 or f16");
        }
        Path dir = ModelResolver.resolve(model);
        if (output.save != null) {
            return save(dir, f);
        }
        if (doubleQuant) {
            throw new IllegalArgumentException("--double-quant applies to --save");
        }
        Path out = output.dequantize;
        new OutputChecks().modelFolder(dir).folder("--dequantize", out, force).check();
        PrintWriter stdout = spec.commandLine().getOut();
        int n = DequantizedCheckpoint.write(
                dir,
                f,
                out,
                force,
                () -> stdout.println("replacing " + out.toAbsolutePath() + " and everything in it"));
        stdout.printf(
                "wrote %s: %d weight(s) stored as %s, dequantized to float32%n",
                out.resolve("model.safetensors"), n, f);
        return 0;
    }

    private int save(Path dir, WeightFormat f) {
        if (!f.isQuantized()) {
            throw new IllegalArgumentException(
                    "--save writes bitsandbytes checkpoints: choose --weights nf4, fp4" + " or int8, not " + f);
        }
        if (doubleQuant && f == WeightFormat.INT8) {
            throw new IllegalArgumentException("--double-quant applies to nf4 and fp4, not int8");
        }
        new OutputChecks().modelFolder(dir).folder("--save", output.save, force).check();
        PrintWriter stdout = spec.commandLine().getOut();
        BnbWriter.Result r = BnbWriter.write(
                dir,
                f,
                doubleQuant,
                output.save,
                force,
                () -> stdout.println("replacing " + output.save.toAbsolutePath() + " and everything in it"));
        stdout.printf(
                "wrote %s: %d weight(s) stored as bitsandbytes %s%s%n",
                r.dir().resolve("model.safetensors"), r.quantized(), f, doubleQuant ? " (double-quantized)" : "");
        return 0;
    }
}
