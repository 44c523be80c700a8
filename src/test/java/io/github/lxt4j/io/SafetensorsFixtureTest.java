package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Reads every fixture checkpoint and compares it with an independent parse of the same bytes. */
class SafetensorsFixtureTest {
    static List<Path> fixtureFiles() throws Exception {
        try (Stream<Path> s = Files.walk(Fixtures.root())) {
            return s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    @Test
    void allFixtureFilesAreFound() throws Exception {
        // twelve fixtures: a checkpoint and a reference file each
        assertEquals(24, fixtureFiles().size(), fixtureFiles().toString());
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesAnIndependentParse() throws Exception {
        return fixtureFiles().stream()
                .map(p -> DynamicTest.dynamicTest(Fixtures.root().relativize(p).toString(), () -> checkFile(p)));
    }

    private static void checkFile(Path path) throws Exception {
        RawSafetensors raw = new RawSafetensors(path);
        List<String> expectedKeys = new ArrayList<>();
        for (Iterator<String> it = raw.header.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("__metadata__")) {
                expectedKeys.add(k);
            }
        }
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(expectedKeys, new ArrayList<>(file.keys()), "keys in header order");
            assertEquals(raw.dataStart, file.dataStart());
            for (String key : expectedKeys) {
                TensorInfo info = file.info(key);
                TensorData data = file.read(key);
                assertEquals(raw.dtype(key), SafetensorsDTypes.name(data.dtype()), key);
                assertArrayEquals(raw.shape(key), data.shape(), key);
                long numel = 1;
                for (long d : raw.shape(key)) {
                    numel *= d;
                }
                assertEquals(numel, data.numel(), key);
                assertEquals(raw.end(key) - raw.begin(key), numel * data.dtype().bytes(), key);
                assertEquals(raw.begin(key), info.begin(), key);
                assertEquals(raw.end(key), info.end(), key);
                compareValues(raw, key, data, (int) numel);
            }
        }
    }

    private static void compareValues(RawSafetensors raw, String key, TensorData data, int numel) {
        if (data.dtype() == DType.INT64) {
            long[] longs = data.toLongs();
            assertEquals(numel, longs.length, key);
            for (int i = 0; i < numel; i++) {
                if ((long) raw.value(key, i) != longs[i]) {
                    assertEquals((long) raw.value(key, i), longs[i], key + "[" + i + "]");
                }
            }
        } else {
            double[] doubles = data.toDoubles();
            float[] floats = data.toFloats();
            assertEquals(numel, doubles.length, key);
            for (int i = 0; i < numel; i++) {
                double expected = raw.value(key, i);
                if (expected != doubles[i] || (float) expected != floats[i]) {
                    assertEquals(expected, doubles[i], 0.0, key + "[" + i + "]");
                    assertEquals((float) expected, floats[i], 0.0f, key + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void metadataOfHfCheckpointsSaysPt() {
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.of("llama-tiny/model.safetensors"))) {
            assertEquals(Map.of("format", "pt"), f.metadata());
        }
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.of("llama-tiny/reference.safetensors"))) {
            assertTrue(f.metadata().isEmpty());
        }
    }

    @Test
    void referenceInputsHaveTheDocumentedShapes() {
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.of("kv-retrieval/reference.safetensors"))) {
            TensorData ids = f.read("input_ids");
            assertEquals(DType.INT64, ids.dtype());
            assertArrayEquals(new long[] {32, 28}, ids.shape());
            long[] values = ids.toLongs();
            for (int row = 0; row < 32; row++) {
                assertEquals(1, values[row * 28], "every prompt starts with <s> (id 1)");
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.of("llama-tiny/reference.safetensors"))) {
            assertEquals(DType.FLOAT64, f.info("attnlrp_float64.tokens").dtype());
            assertArrayEquals(
                    new long[] {2, 14}, f.info("attnlrp_float64.tokens").shape());
        }
    }

    @Test
    void tokenRelevanceIsTheSumOverHiddenOfEmbeddingRelevance() {
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.of("llama-tiny/reference.safetensors"))) {
            for (String method : List.of("attnlrp", "attnlrp_float64", "gradient_x_input")) {
                TensorData emb = f.read(method + ".embeddings");
                long[] shape = emb.shape();
                double[] e = emb.toDoubles();
                double[] tokens = f.read(method + ".tokens").toDoubles();
                int hidden = (int) shape[2];
                assertEquals(shape[0] * shape[1], tokens.length);
                for (int t = 0; t < tokens.length; t++) {
                    double sum = 0;
                    for (int h = 0; h < hidden; h++) {
                        sum += e[t * hidden + h];
                    }
                    assertEquals(tokens[t], sum, 1e-5 * (1 + Math.abs(tokens[t])), method + " token " + t);
                }
            }
        }
    }
}
