package io.github.lxt4j.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Named tensors on disk: one safetensors file or a sharded set of them. Tensors are memory-mapped and read lazily.
 * A key that is not there raises {@link MissingTensorException}.
 */
public interface Checkpoint extends AutoCloseable {
    /** The file names that {@link #open(Path)} looks for in a directory, in order of preference. */
    List<String> DIRECTORY_CANDIDATES =
            List.of(ShardedCheckpoint.INDEX_FILE, "model.safetensors", "open_clip_model.safetensors");

    /** All tensor keys, in the order of the file (or index). */
    Set<String> keys();

    default boolean contains(String key) {
        return keys().contains(key);
    }

    /** The header entry of {@code key}; offsets are relative to the data section of the file that holds it. */
    TensorInfo info(String key);

    /** A read-only, memory-mapped view of the tensor {@code key}. */
    TensorData read(String key);

    /** Where the tensors come from, for messages: a file or index path. */
    String source();

    /** Releases the files; views already returned by {@link #read} stay readable. */
    @Override
    void close();

    /**
     * Opens a checkpoint: a directory holding (in order of preference) {@code model.safetensors.index.json},
     * {@code model.safetensors} or {@code open_clip_model.safetensors}; a {@code .safetensors} file; or a
     * {@code *.index.json} file.
     */
    static Checkpoint open(Path dirOrFile) {
        return open(dirOrFile, key -> false);
    }

    /**
     * As {@link #open(Path)}, without the tensors {@code skipped} accepts: a model's buffers that are not weights
     * (GPT-2's causal-mask {@code attn.bias}, stored as F32, BOOL or U8), left out whatever their dtype.
     */
    static Checkpoint open(Path dirOrFile, Predicate<String> skipped) {
        if (Files.isDirectory(dirOrFile)) {
            for (String name : DIRECTORY_CANDIDATES) {
                Path candidate = dirOrFile.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return open(candidate, skipped);
                }
            }
            throw new SafetensorsException("no checkpoint in directory " + dirOrFile + ": looked for "
                    + String.join(", ", DIRECTORY_CANDIDATES) + picklesIn(dirOrFile));
        }
        if (!Files.exists(dirOrFile)) {
            throw new SafetensorsException("checkpoint " + dirOrFile + " does not exist");
        }
        String name = dirOrFile.getFileName().toString();
        if (name.endsWith(".index.json")) {
            return ShardedCheckpoint.open(dirOrFile, skipped);
        }
        if (name.endsWith(".safetensors")) {
            return SafetensorsFile.open(dirOrFile, skipped);
        }
        if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) {
            throw new SafetensorsException(dirOrFile + " is a PyTorch pickle, which lxt4j does not read (unpickling"
                    + " can run arbitrary code): convert it to safetensors, e.g. with the safetensors package's"
                    + " save_file(torch.load(path), 'model.safetensors')");
        }
        throw new SafetensorsException("cannot open " + dirOrFile + " as a checkpoint: expected a directory holding "
                + String.join(", ", DIRECTORY_CANDIDATES) + ", a .safetensors file or a .index.json file");
    }

    /** A hint for folders that hold only PyTorch pickles (older hub repositories). */
    private static String picklesIn(Path dir) {
        List<String> pickles =
                List.of("pytorch_model.bin", "pytorch_model.bin.index.json", "open_clip_pytorch_model.bin");
        for (String name : pickles) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return " (found " + name + ", a PyTorch pickle, which lxt4j does not read: convert it to safetensors)";
            }
        }
        return "";
    }
}
