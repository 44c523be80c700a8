package io.github.lxt4j.cli;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lxt4j info}: what a checkpoint holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "List a checkpoint's tensors and config.")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Folder or hub id (default: the embedded demo model).")
    String model;

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
            throw new io.github.lxt4j.Lxt4jException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
