package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output-folder policy: refuse what must not be replaced, publish a whole folder at once. */
class OutputFolderTest {

    @TempDir
    Path tmp;

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(Path::getFileName).sorted().toList();
        }
    }

    @Test
    void aNewFolderAppearsOnlyOnCommit() throws Exception {
        Path out = tmp.resolve("out");
        try (OutputFolder f = OutputFolder.open(out, false, null)) {
            Files.writeString(f.dir().resolve("a.txt"), "a");
            assertFalse(Files.exists(out), "nothing visible before commit");
            f.commit();
        }
        assertEquals("a", Files.readString(out.resolve("a.txt")));
        assertEquals(List.of(Path.of("out")), listing());
    }

    @Test
    void withoutCommitNothingIsLeft() throws Exception {
        Path out = tmp.resolve("out");
        try (OutputFolder f = OutputFolder.open(out, false, null)) {
            Files.writeString(f.dir().resolve("a.txt"), "a");
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void aNonEmptyFolderNeedsForceAndIsThenReplacedWhole() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("sub"));
        Files.writeString(out.resolve("sub/old.txt"), "old");
        OutputException e = assertThrows(OutputException.class, () -> OutputFolder.check(out, false, null));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("--force"), e.getMessage());
        try (OutputFolder f = OutputFolder.open(out, true, null)) {
            Files.writeString(f.dir().resolve("new.txt"), "new");
            f.commit();
        }
        assertTrue(Files.isRegularFile(out.resolve("new.txt")));
        assertFalse(Files.exists(out.resolve("sub")));
        assertEquals(List.of(Path.of("out")), listing());
        Files.createDirectories(tmp.resolve("empty"));
        OutputFolder.check(tmp.resolve("empty"), false, null);
    }

    @Test
    void linksFilesAndTheModelFolderAreRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertTrue(assertThrows(OutputException.class, () -> OutputFolder.check(file, true, null)).getMessage()
                .contains("not a folder"));
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertTrue(assertThrows(OutputException.class, () -> OutputFolder.check(link, true, null)).getMessage()
                .contains("symbolic link"));
        Path model = Files.createDirectories(tmp.resolve("models/llama"));
        assertTrue(assertThrows(OutputException.class, () -> OutputFolder.check(tmp.resolve("models"), true, model))
                .getMessage().contains("model folder"));
        assertTrue(assertThrows(OutputException.class, () -> OutputFolder.check(tmp.resolve("no/such"), true, null))
                .getMessage().contains("does not exist"));
    }
}
