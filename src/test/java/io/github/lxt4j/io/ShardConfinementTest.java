package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, item 4: weight_map entries resolve inside the model folder only, and are refused without opening. */
class ShardConfinementTest {
    @TempDir
    Path tmp;

    private Path model;

    /** A valid one-tensor safetensors file outside the model folder, and the model folder. */
    private Path setUp() {
        SafetensorsWriter.write(
                tmp.resolve("outside.safetensors"), Map.of("w", TensorData.ofFloats(new float[] {1, 2}, 2)));
        model = tmp.resolve("a").resolve("model");
        return model;
    }

    private SafetensorsException openWith(String shard) throws Exception {
        Files.createDirectories(model);
        Path index = model.resolve(ShardedCheckpoint.INDEX_FILE);
        Files.writeString(
                index,
                "{\"weight_map\": {\"w\": "
                        + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(shard) + "}}");
        return assertThrows(
                SafetensorsException.class, () -> ShardedCheckpoint.open(index).close());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../outside.safetensors", "sub/../../../outside.safetensors"})
    void relativePathsLeavingTheFolderAreRefused(String shard) throws Exception {
        setUp();
        SafetensorsException e = openWith(shard);
        assertTrue(
                e.getMessage()
                        .contains("weight_map names shard '" + shard + "', refused: it leaves the model" + " folder"),
                e.getMessage());
    }

    @Test
    void absolutePathsAreRefusedWithoutOpeningThem() throws Exception {
        setUp();
        SafetensorsException e = openWith("/etc/passwd");
        assertTrue(e.getMessage().contains("refused: it is an absolute path"), e.getMessage());
        assertTrue(!e.getMessage().contains("header length"), "the file was not read: " + e.getMessage());
        SafetensorsException abs = openWith(tmp.resolve("outside.safetensors").toString());
        assertTrue(abs.getMessage().contains("refused: it is an absolute path"), abs.getMessage());
    }

    @Test
    void aLinkOutOfTheFolderIsRefused() throws Exception {
        setUp();
        Files.createDirectories(model);
        Files.createSymbolicLink(model.resolve("shard.safetensors"), tmp.resolve("outside.safetensors"));
        SafetensorsException e = openWith("shard.safetensors");
        assertTrue(
                e.getMessage()
                        .contains("refused: it links to "
                                + tmp.resolve("outside.safetensors").toRealPath() + ", outside the model folder"),
                e.getMessage());
    }

    @Test
    void shardsInsideTheFolderStillOpen() throws Exception {
        setUp();
        Files.createDirectories(model.resolve("sub"));
        Files.copy(tmp.resolve("outside.safetensors"), model.resolve("sub").resolve("s.safetensors"));
        Path index = model.resolve(ShardedCheckpoint.INDEX_FILE);
        Files.writeString(index, "{\"weight_map\": {\"w\": \"./sub/s.safetensors\"}}");
        try (ShardedCheckpoint c = ShardedCheckpoint.open(index)) {
            assertEquals(2, c.read("w").toDoubles()[1]);
        }
    }
}
