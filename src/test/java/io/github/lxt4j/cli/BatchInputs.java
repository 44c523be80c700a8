package io.github.lxt4j.cli;

import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Batch-mode inputs for the CLI tests: a fixture's reference {@code input_ids} and {@code attention_mask}. */
final class BatchInputs {
    private BatchInputs() {}

    /** Writes the ids and mask of {@code fixture}'s reference to {@code file} and returns it. */
    static Path write(String fixture, Path file) {
        Map<String, TensorData> ref = Fixtures.reference(fixture);
        Map<String, TensorData> inputs = new LinkedHashMap<>();
        inputs.put("input_ids", ref.get("input_ids"));
        inputs.put("attention_mask", ref.get("attention_mask"));
        SafetensorsWriter.write(file, inputs);
        return file;
    }
}
