package io.github.lxt4j.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The output-folder policy of commands that write a whole folder ({@code quantize --save}): a folder that exists and
 * is not empty is refused unless {@code force}; the files are written into a fresh temporary folder beside the
 * target ({@code .NAME.RANDOM.tmp}), which {@link #commit} renames into place (with {@code force}, the old folder is
 * moved aside first and deleted after), so a reader never sees a half-written folder and a failed run leaves the
 * target as it was. A target that is a link or a file, or that is or contains a protected folder (the model being
 * read), is refused. Call {@link #check} before a long computation.
 */
public final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private boolean done;

    private OutputFolder(Path target, Path tmp) {
        this.target = target;
        this.tmp = tmp;
    }

    /**
     * Refuses {@code target} when it is a link or not a folder, when it is not empty and {@code force} is false, when
     * its parent is not a writable folder, or when it is or contains {@code protect} (null: nothing protected).
     *
     * @throws OutputException naming the folder and the reason
     */
    public static void check(Path target, boolean force, Path protect) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new OutputException(target, "the folder " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new OutputException(target, "the folder " + parent + " is not writable");
        }
        if (protect != null && protect.toAbsolutePath().normalize().startsWith(abs)) {
            throw new OutputException(target, "it is or contains the model folder " + protect
                    + "; choose another output folder");
        }
        if (Files.isSymbolicLink(abs)) {
            throw new OutputException(target, "it is a symbolic link; lxt4j does not write through links");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new OutputException(target, "it exists and is not a folder");
            }
            if (!force && !isEmpty(abs)) {
                throw new OutputException(target, "the folder is not empty; pass --force to replace it");
            }
        }
    }

    /** Checks {@code target} and creates the temporary folder beside it. */
    public static OutputFolder open(Path target, boolean force, Path protect) {
        check(target, force, protect);
        Path abs = target.toAbsolutePath().normalize();
        for (int attempt = 0; ; attempt++) {
            Path tmp = abs.resolveSibling("." + abs.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.createDirectory(tmp);
                return new OutputFolder(abs, tmp);
            } catch (IOException e) {
                if (attempt > 8) {
                    throw new OutputException(target, "cannot create a temporary folder beside it: "
                            + SafeOutput.reason(e), e);
                }
            }
        }
    }

    /** The temporary folder to write the files into. */
    public Path dir() {
        return tmp;
    }

    /** The folder the files end up in. */
    public Path target() {
        return target;
    }

    /** Puts the written folder in place of the target: a rename, after moving an existing target aside. */
    public void commit() {
        if (done) {
            return;
        }
        done = true;
        Path old = null;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                old = target.resolveSibling("." + target.getFileName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".old");
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                    old = null;
                } catch (IOException ignored) {
                    // the first error is the one to report; the old folder stays beside it
                }
            }
            deleteTree(tmp);
            throw new OutputException(target, "cannot move the written folder into place: " + SafeOutput.reason(e)
                    + (old != null ? " (the previous folder is kept as " + old + ")" : ""), e);
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Without {@link #commit}: deletes the temporary folder and leaves the target as it was. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            deleteTree(tmp);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new OutputException(dir, "cannot list the folder: " + SafeOutput.reason(e), e);
        }
    }

    /** Deletes a folder tree that lxt4j created (links are deleted, never followed); best effort. */
    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a leftover temporary folder is named .NAME.RANDOM.tmp/.old beside the target
        }
    }
}
