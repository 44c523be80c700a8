package io.github.lxt4j.cli;

import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.io.SafeOutputFolder;
import io.github.lxt4j.io.SamePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output policy of one command run, checked before anything is loaded or computed: every output file passes
 * {@link SafeOutput#check} and every output folder {@link SafeOutputFolder#check}; no output is one of the command's
 * inputs (its files, the model folder and the files in it) under any spelling, hard link or symbolic link; no output
 * folder holds an input or the working directory; and no two outputs are the same file.
 */
final class OutputChecks {
    /** A path and how messages name it ({@code the --prompts file}, {@code --html}). */
    private record Named(String name, Path path) {}

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> files = new ArrayList<>();
    private final List<Named> folders = new ArrayList<>();
    private boolean replaceFolders;

    /** An input file or folder the command reads; null is skipped. */
    OutputChecks input(String name, Path path) {
        if (path != null) {
            inputs.add(new Named(name, path));
        }
        return this;
    }

    /** The model folder, and each file in it, as inputs. */
    OutputChecks modelFolder(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return this;
        }
        input("the model folder", dir);
        try (Stream<Path> listed = Files.list(dir)) {
            listed.forEach(f -> input("the model folder's " + f.getFileName(), f));
        } catch (IOException e) {
            throw new OutputException(dir, "cannot list the model folder: " + e.getMessage(), e);
        }
        return this;
    }

    /** An output file given with {@code option}; null is skipped. */
    OutputChecks file(String option, Path path) {
        if (path != null) {
            files.add(new Named(option, path));
        }
        return this;
    }

    /** An output folder given with {@code option}, replaced when not empty only if {@code replace} (--force). */
    OutputChecks folder(String option, Path path, boolean replace) {
        folders.add(new Named(option, path));
        replaceFolders = replace;
        return this;
    }

    /**
     * Applies the policy.
     *
     * @throws OutputException for the first output that breaks it, naming the option, the path and the clash
     */
    void check() {
        List<Named> outputs = new ArrayList<>();
        for (Named out : files) {
            SafeOutput.check(out.path());
            refuseInputs(out, false);
            refuseEarlier(out, outputs);
            outputs.add(out);
        }
        for (Named out : folders) {
            SafeOutputFolder.check(out.path(), replaceFolders);
            refuseInputs(out, true);
            if (SamePath.within(Path.of(""), out.path())) {
                throw clash(out, "holds the working directory");
            }
            refuseEarlier(out, outputs);
            outputs.add(out);
        }
    }

    private void refuseInputs(Named out, boolean folder) {
        for (Named in : inputs) {
            if (SamePath.same(out.path(), in.path())) {
                throw clash(out, "is " + in.name());
            }
            if (folder && SamePath.within(in.path(), out.path())) {
                throw clash(out, "holds " + in.name() + " (" + in.path() + ")");
            }
        }
    }

    private static void refuseEarlier(Named out, List<Named> earlier) {
        for (Named other : earlier) {
            if (SamePath.same(out.path(), other.path())) {
                throw OutputException.refused(out.name() + " " + out.path() + " is also the output of " + other.name()
                        + "; give each output its own path");
            }
        }
    }

    private static OutputException clash(Named out, String what) {
        return OutputException.refused(out.name() + " " + out.path() + " " + what + "; write the output elsewhere");
    }
}
