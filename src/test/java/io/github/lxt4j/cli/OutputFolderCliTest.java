package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 1: a folder output never keeps files of an earlier content (the folder policy, --force). */
class OutputFolderCliTest {
    private static final Pattern VALUE = Pattern.compile("value (-?[0-9.]+)\\)");

    @TempDir
    Path tmp;

    /** A folder that already holds a sharded float32 checkpoint of the demo model: index, shard, config. */
    private Path staleShardedCheckpoint() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.copy(KvFolder.SOURCE.resolve("model.safetensors"), out.resolve("model-00001-of-00001.safetensors"));
        Files.writeString(
                out.resolve("model.safetensors.index.json"),
                "{\"metadata\": {}, \"weight_map\": {" + weightMap("model-00001-of-00001.safetensors") + "}}");
        Files.copy(KvFolder.SOURCE.resolve("config.json"), out.resolve("config.json"));
        Files.writeString(out.resolve("notes.txt"), "mine\n");
        return out;
    }

    /** Every tensor of the demo model mapped to {@code shard}, as an index's JSON members. */
    private static String weightMap(String shard) {
        try (SafetensorsFile f = SafetensorsFile.open(KvFolder.SOURCE.resolve("model.safetensors"))) {
            return f.keys().stream()
                    .map(k -> "\"" + k + "\": \"" + shard + "\"")
                    .collect(Collectors.joining(", "));
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static double targetValue(CliRun r) {
        assertEquals(0, r.code(), r.err());
        Matcher m = VALUE.matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aFolderThatIsNotEmptyIsRefusedAndLeftAsItWas() throws Exception {
        Path out = staleShardedCheckpoint();
        Set<String> before = names(out);
        CliRun r = CliRun.command(
                "quantize", "--model", KvFolder.SOURCE.toString(), "--weights", "nf4", "--dequantize", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot write " + out + ": the folder is not empty"), r.err());
        assertFalse(r.out().contains("replacing"), "nothing is announced that does not happen: " + r.out());
        assertEquals(before, names(out));
        assertThrows(
                OutputException.class,
                () -> DequantizedCheckpoint.write(KvFolder.SOURCE, WeightFormat.NF4, out),
                "the library refuses it too");
        assertEquals(Set.of("out"), names(tmp), "no temporary folder left beside it");
    }

    @Test
    void forceReplacesTheWholeFolderSoTheQuantizedModelIsTheOneExplained() throws Exception {
        Path out = staleShardedCheckpoint();
        CliRun r = CliRun.command(
                "quantize",
                "--model",
                KvFolder.SOURCE.toString(),
                "--weights",
                "nf4",
                "--dequantize",
                out.toString(),
                "--force");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("replacing " + out.toAbsolutePath() + " and everything in it"), r.out());
        assertEquals(
                new TreeSet<>(Set.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")),
                names(out),
                "no stale index, shard or other file");
        assertEquals(Set.of("out"), names(tmp), "no temporary or old folder left beside it");
        double nf4 = targetValue(CliRun.command(
                "explain",
                "--model",
                KvFolder.SOURCE.toString(),
                "--weights",
                "nf4",
                "--html",
                tmp.resolve("a.html").toString()));
        double f32 = targetValue(CliRun.command(
                "explain",
                "--model",
                KvFolder.SOURCE.toString(),
                "--html",
                tmp.resolve("b.html").toString()));
        double written = targetValue(CliRun.command(
                "explain",
                "--model",
                out.toString(),
                "--html",
                tmp.resolve("c.html").toString()));
        assertTrue(Math.abs(nf4 - f32) > 1e-3, "nf4 changes the target value: " + nf4 + " vs " + f32);
        assertEquals(nf4, written, 1e-4, "the written folder explains as the nf4 model, not the stale float32 one");
    }

    @Test
    void aFailedWriteLeavesTheFolderAndNoTemporaryFolder() throws Exception {
        Path broken = KvFolder.withConfig(tmp.resolve("broken"), c -> c.put("hidden_size", "wide"));
        Path out = staleShardedCheckpoint();
        Set<String> before = names(out);
        CliRun r = CliRun.command(
                "quantize",
                "--model",
                broken.toString(),
                "--weights",
                "nf4",
                "--dequantize",
                out.toString(),
                "--force");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("hidden_size"), r.err());
        assertEquals(before, names(out));
        assertEquals(Set.of("broken", "out"), names(tmp), "no temporary folder left beside it");
    }

    @Test
    void anOutputThatIsAFileOrALinkIsRefusedEvenWithForce() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "keep\n");
        CliRun r = CliRun.command("quantize", "--weights", "nf4", "--dequantize", file.toString(), "--force");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("it exists and is not a folder (a file)"), r.err());
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        CliRun viaLink = CliRun.command("quantize", "--weights", "nf4", "--dequantize", link.toString(), "--force");
        assertEquals(2, viaLink.code(), viaLink.err());
        assertTrue(viaLink.err().contains("(a symbolic link)"), viaLink.err());
        assertEquals("keep\n", Files.readString(file));
        assertTrue(Files.isSymbolicLink(link) && names(target).isEmpty());
    }
}
