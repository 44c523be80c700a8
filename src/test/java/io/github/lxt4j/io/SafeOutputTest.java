package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output policy of issue 12: temp file and rename, only over regular files, mode kept, umask for new files. */
class SafeOutputTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void symlinkTargetIsRefusedAndItsFileUntouched() throws Exception {
        Path real = Files.writeString(tmp.resolve("real"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real.getFileName());
        OutputException e = assertThrows(OutputException.class, () -> SafeOutput.writeUtf8(link, "new"));
        assertEquals(
                "cannot write " + link + ": it exists and is not a regular file (a symbolic link); lxt4j only"
                        + " replaces regular files",
                e.getMessage());
        assertEquals("keep", Files.readString(real));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of("link", "real"), names());
    }

    @Test
    void folderTargetIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        OutputException e = assertThrows(OutputException.class, () -> SafeOutput.writeUtf8(dir, "x"));
        assertTrue(e.getMessage().contains("(a folder)"), e.getMessage());
    }

    @Test
    void deviceTargetIsRefused() {
        OutputException e = assertThrows(OutputException.class, () -> SafeOutput.check(Path.of("/dev/null")));
        assertTrue(e.getMessage().contains("a FIFO, socket or device"), e.getMessage());
    }

    @Test
    void replacedFileKeepsItsMode() throws Exception {
        Path f = Files.writeString(tmp.resolve("f.txt"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        SafeOutput.writeUtf8(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void newFileGetsTheUmaskMode() throws Exception {
        Path reference = tmp.resolve("reference");
        Files.newOutputStream(reference).close();
        Path f = tmp.resolve("new.bin");
        SafeOutput.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(f));
    }

    @Test
    void aFailingBodyLeavesTheTargetAndNoTemporaryFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("f.txt"), "old");
        OutputException e = assertThrows(
                OutputException.class,
                () -> SafeOutput.write(f, out -> {
                    out.write(1);
                    throw new IOException("disk full");
                }));
        assertEquals("cannot write " + f + ": disk full", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("f.txt"), names());
    }

    @Test
    void aFileInThePathOfTheFolderIsRefusedByCheck() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path target = file.resolve("out.png");
        OutputException e = assertThrows(OutputException.class, () -> SafeOutput.check(target));
        assertEquals("cannot write " + target + ": " + file + " is not a folder", e.getMessage());
    }
}
