package io.github.lxt4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves the shard names of a checkpoint index inside the model folder only: a name is refused, without opening
 * it, when it is absolute, when it leaves the folder once normalized, or when links take it outside the folder. A
 * link is followed to the folder of the index itself too: in the HF hub cache, the snapshot's files all link into
 * the same {@code blobs} folder.
 */
final class ShardPaths {
    private ShardPaths() {}

    /** The path of shard {@code name} listed in {@code index}, which lies in {@code dir}. */
    static Path inside(Path index, Path dir, String name) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException e) {
            throw refused(index, name, "it is not a valid file name (" + e.getReason() + ")");
        }
        if (name.isEmpty() || rel.isAbsolute() || rel.getRoot() != null) {
            throw refused(index, name, name.isEmpty() ? "it is empty" : "it is an absolute path");
        }
        Path base = dir.normalize();
        Path shard = base.resolve(rel).normalize();
        if (!shard.startsWith(base) || shard.equals(base)) {
            throw refused(index, name, "it leaves the model folder " + dir);
        }
        if (Files.exists(shard)) {
            try {
                Path real = shard.toRealPath();
                Path indexHome = index.toRealPath().getParent();
                if (!real.startsWith(base.toRealPath()) && !real.getParent().equals(indexHome)) {
                    throw refused(index, name, "it links to " + real + ", outside the model folder " + dir);
                }
            } catch (IOException e) {
                throw refused(index, name, "its real path cannot be resolved (" + e + ")");
            }
        }
        return shard;
    }

    private static SafetensorsException refused(Path index, String name, String why) {
        return new SafetensorsException(index + ": weight_map names shard '" + name + "', refused: " + why
                + "; shards must be files inside the folder of the index");
    }
}
