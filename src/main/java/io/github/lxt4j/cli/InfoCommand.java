package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lxt4j info}: what a checkpoint holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "List a checkpoint's tensors and config.")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR|HUB_ID",
            description = "Folder or hub id (default: the embedded demo model).")
    String model;

    @Option(names = "--weights", paramLabel = "FORMAT",
            description = "Also load the model with its weights kept as f32, bf16, f16, int8,"
            + " nf4 or fp4 and print the bytes each storage format takes.")
    String weights;

    @Override
    public Integer call() {
        Path dir = ModelResolver.resolve(model);
        var out = spec.commandLine().getOut();
        out.println("folder: " + dir);
        try (Checkpoint c = Checkpoint.open(dir)) {
            long params = 0;
            for (String k : new TreeSet<>(c.keys())) {
                TensorInfo i = c.info(k);
                params += i.numel();
                out.printf("%-60s %-5s %s%n", k, i.dtype(), Arrays.toString(i.shape()));
            }
            out.printf("%d tensors, %,d parameters%n", c.keys().size(), params);
        } catch (Exception e) {
            throw new Lxt4jException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        if (weights != null) {
            printStorage(dir, WeightFormat.parse(weights), out);
        }
        return 0;
    }

    private static void printStorage(Path dir, WeightFormat format, PrintWriter out) {
        try (PretrainedModel m = AutoModel.fromPretrained(dir, LoadOptions.defaults().withWeights(format))) {
            long total = 0;
            for (Map.Entry<WeightFormat, Long> e : WeightInventory.bytesPerFormat((Module) m).entrySet()) {
                out.printf("storage with --weights %s: %s %,d bytes%n", format, e.getKey(), e.getValue());
                total += e.getValue();
            }
            out.printf("storage with --weights %s: linear and embedding weights %,d bytes in all%n", format, total);
        }
    }
}
