package io.github.lxt4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one output policy of every file lxt4j writes (see docs/io.md): the bytes go to a temporary file beside the
 * target, which is then renamed over it, so a reader never sees half a file. A target that exists and is not a
 * regular file (a link, a FIFO, a device, a folder) is refused before anything is written; a replaced file keeps its
 * permissions, a new one gets the process's umask. Call {@link #check} before a long computation so that an
 * unwritable output fails first.
 */
public final class SafeOutput implements AutoCloseable {
    /** Writes the content of a file to a stream (which the caller closes). */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private boolean done;

    private SafeOutput(Path target, Path tmp, OutputStream out) {
        this.target = target;
        this.tmp = tmp;
        this.out = out;
    }

    /**
     * Refuses {@code target} if it exists and is not a regular file (links are not followed), or if its folder does
     * not exist or is not a writable directory.
     *
     * @throws OutputException naming the path and the reason
     */
    public static void check(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(dir)) {
            throw new OutputException(target, "the folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new OutputException(target, dir + " is not a folder");
        }
        if (!Files.isWritable(dir)) {
            throw new OutputException(target, "the folder " + dir + " is not writable");
        }
        BasicFileAttributes attrs = attributes(target);
        if (attrs != null && !attrs.isRegularFile()) {
            throw new OutputException(
                    target,
                    "it exists and is not a regular file (" + kind(attrs) + "); lxt4j only replaces regular files");
        }
    }

    /** Writes {@code target} with {@code body} under the policy; nothing is left behind on failure. */
    public static void write(Path target, Body body) {
        try (SafeOutput o = open(target)) {
            try {
                body.writeTo(o.stream());
            } catch (IOException e) {
                throw new OutputException(target, reason(e), e);
            }
            o.commit();
        }
    }

    /** Writes {@code bytes} to {@code target} under the policy. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code text} as UTF-8 to {@code target} under the policy. */
    public static void writeUtf8(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks {@code target} and opens a temporary file beside it; {@link #commit} publishes it. */
    public static SafeOutput open(Path target) {
        check(target);
        Path dir = target.toAbsolutePath().getParent();
        try {
            Path tmp = null;
            OutputStream os = null;
            for (int attempt = 0; os == null; attempt++) {
                tmp = dir.resolve("." + target.getFileName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 8) {
                        throw e;
                    }
                }
            }
            return new SafeOutput(target, tmp, new BufferedOutputStream(os, 1 << 16));
        } catch (IOException e) {
            throw new OutputException(target, reason(e), e);
        }
    }

    /** The stream to the temporary file. */
    public OutputStream stream() {
        return out;
    }

    /** The target path. */
    public Path target() {
        return target;
    }

    /** Closes the stream, gives the temporary file the mode of the file it replaces, and renames it over the target. */
    public void commit() {
        if (done) {
            return;
        }
        done = true;
        try {
            out.close();
            BasicFileAttributes attrs = attributes(target);
            if (attrs != null && !attrs.isRegularFile()) {
                throw new OutputException(target, "it became a " + kind(attrs) + " while lxt4j was writing it");
            }
            if (attrs != null) {
                copyMode(target, tmp);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTmp();
            throw new OutputException(target, reason(e), e);
        } catch (RuntimeException e) {
            deleteTmp();
            throw e;
        }
    }

    /** Without {@link #commit}: deletes the temporary file and leaves the target as it was. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file is discarded anyway
            }
            deleteTmp();
        }
    }

    private void deleteTmp() {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    private static void copyMode(Path from, Path to) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            Files.setPosixFilePermissions(to, mode);
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new OutputException(p, reason(e), e);
        }
    }

    private static String kind(BasicFileAttributes a) {
        return a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a folder" : "a FIFO, socket or device";
    }

    /** An I/O error's message, with its type when the message is only a path (as for NoSuchFileException). */
    static String reason(IOException e) {
        String m = e.getMessage();
        String type = e.getClass().getSimpleName();
        return m == null || !m.contains(" ") ? type + (m == null ? "" : " " + m) : m;
    }
}
