package io.github.lxt4j.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The output policy of every folder lxt4j writes (a dequantized checkpoint; see docs/io.md): the folder is written
 * whole into a new temporary folder beside it, which then takes its place, so that no file of an earlier content
 * survives in it (a stale {@code model.safetensors.index.json} would win over the new weights at load time). An
 * existing folder that is not empty is refused unless the caller asks to replace it; a target that exists and is not
 * a folder (a file, a symbolic link) is always refused. Call {@link #check} before a long computation.
 */
public final class SafeOutputFolder {
    /** Writes the content of a folder into the (empty, temporary) folder it is given. */
    @FunctionalInterface
    public interface Body {
        void writeInto(Path folder) throws IOException;
    }

    private SafeOutputFolder() {}

    /**
     * Refuses {@code folder} if it exists and is not a folder (links are not followed), if it is not empty and
     * {@code replace} is false, or if its parent exists and is not a writable folder.
     *
     * @throws OutputException naming the folder and the reason
     */
    public static void check(Path folder, boolean replace) {
        Path parent = folder.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            throw new OutputException(folder, "it is the root of the file system");
        }
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new OutputException(folder, parent + " is not a folder");
        }
        if (Files.isDirectory(parent) && !Files.isWritable(parent)) {
            throw new OutputException(folder, "the folder " + parent + " is not writable");
        }
        BasicFileAttributes attrs = attributes(folder);
        if (attrs == null) {
            return;
        }
        if (!attrs.isDirectory()) {
            throw new OutputException(
                    folder,
                    "it exists and is not a folder ("
                            + (attrs.isSymbolicLink()
                                    ? "a symbolic link"
                                    : attrs.isRegularFile() ? "a file" : "a FIFO, socket or device")
                            + "); lxt4j only replaces folders");
        }
        if (!replace && !isEmpty(folder)) {
            throw new OutputException(
                    folder,
                    "the folder is not empty; lxt4j replaces a folder and everything in"
                            + " it only when asked to (--force), or choose another folder");
        }
    }

    /**
     * Checks {@code folder}, writes its content with {@code body} into a new temporary folder beside it and puts that
     * folder in its place: a replaced folder is removed with everything in it, and keeps only its permissions. On
     * failure the temporary folder is removed and {@code folder} is left as it was.
     *
     * @param beforeReplacing called just before a folder that is not empty is replaced
     * @return whether a folder that was not empty was replaced
     */
    public static boolean write(Path folder, boolean replace, Body body, Runnable beforeReplacing) {
        check(folder, replace);
        Path target = folder.toAbsolutePath().normalize();
        Path tmp = create(target);
        try {
            body.writeInto(tmp);
            if (attributes(target) == null) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return false;
            }
            check(folder, replace);
            boolean hadContent = !isEmpty(target);
            if (hadContent) {
                beforeReplacing.run();
            }
            swap(tmp, target);
            return hadContent;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteQuietly(tmp);
            throw new OutputException(folder, "it appeared while lxt4j was writing it", e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new OutputException(folder, SafeOutput.reason(e), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Whether {@code folder} has no entries. */
    static boolean isEmpty(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new OutputException(folder, SafeOutput.reason(e), e);
        }
    }

    /** A new empty folder {@code .NAME.RANDOM.tmp} beside {@code target}, creating missing parents first. */
    private static Path create(Path target) {
        try {
            Files.createDirectories(target.getParent());
            for (int attempt = 0; ; attempt++) {
                try {
                    return Files.createDirectory(sibling(target, ".tmp"));
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 8) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new OutputException(target, SafeOutput.reason(e), e);
        }
    }

    /** Moves the old folder aside, the new one in, then removes the old one; undone if the second move fails. */
    private static void swap(Path fresh, Path target) throws IOException {
        copyMode(target, fresh);
        Path old = sibling(target, ".old");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        delete(old);
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
    }

    private static void copyMode(Path from, Path to) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
        }
    }

    /** Removes {@code folder} and everything in it; links are removed, never followed. */
    private static void delete(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            delete(folder);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new OutputException(p, SafeOutput.reason(e), e);
        }
    }
}
