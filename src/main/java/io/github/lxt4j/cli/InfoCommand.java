package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.viz.DisplayText;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lxt4j info}: what a checkpoint holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "List a checkpoint's config and tensors.")
public final class InfoCommand implements Callable<Integer> {

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
            description = "Also load the model with its weights kept as f32, bf16, f16, int8,"
                    + " nf4 or fp4 and print the bytes each storage format takes.")
    String weights;

    @Override
    public Integer call() {
        Path dir = ModelResolver.resolve(model);
        var out = spec.commandLine().getOut();
        List<TensorInfo> tensors = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (Checkpoint c = Checkpoint.open(dir)) {
            for (String k : new TreeSet<>(c.keys())) {
                keys.add(k);
                tensors.add(c.info(k));
            }
        } catch (UncheckedIOException e) {
            throw new Lxt4jException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        out.println(model == null ? "model: " + DemoModel.NAME : "folder: " + dir);
        printConfig(PretrainedConfig.read(dir), out);
        long params = 0;
        for (int i = 0; i < keys.size(); i++) {
            params += tensors.get(i).numel();
            out.printf(
                    "%-60s %-5s %s%n",
                    keys.get(i),
                    tensors.get(i).dtype(),
                    Arrays.toString(tensors.get(i).shape()));
        }
        out.printf("%d tensors, %,d parameters%n", keys.size(), params);
        if (weights != null) {
            printStorage(dir, WeightFormat.parse(weights), out);
        }
        return 0;
    }

    /** The config file's top-level fields, one per line (nested objects on their line as JSON). */
    private static void printConfig(PretrainedConfig config, PrintWriter out) {
        JsonConfig json = config.json();
        out.println(config.fileName() + ":");
        for (String field : json.fieldNames()) {
            JsonNode value = json.raw(field);
            String shown = value.isTextual() ? value.textValue() : value.toString();
            out.println("  " + field + ": " + DisplayText.line(shown));
        }
    }

    private static void printStorage(Path dir, WeightFormat format, PrintWriter out) {
        try (PretrainedModel m =
                AutoModel.fromPretrained(dir, LoadOptions.defaults().withWeights(format))) {
            long total = 0;
            for (Map.Entry<WeightFormat, Long> e :
                    WeightInventory.bytesPerFormat((Module) m).entrySet()) {
                out.printf("storage with --weights %s: %s %,d bytes%n", format, e.getKey(), e.getValue());
                total += e.getValue();
            }
            out.printf("storage with --weights %s: linear and embedding weights %,d bytes in all%n", format, total);
        }
    }
}
