package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lxt4j quantize --dequantize}: the float32 checkpoint of a model loaded with {@code --weights FORMAT}. Every
 * tensor of the checkpoint is written as float32, those kept in a storage form as their dequantized values, so the
 * relevance of the quantized model can be checked against the float32 model of the written folder. Tensors are
 * written one at a time (one {@code model.safetensors}), so memory holds the quantized model and one float32 tensor.
 * The checkpoint is read through the model's {@link CheckpointLayout}: buffers it skips are not written, and a weight
 * the family stores reshaped (GPT-2's Conv1D, transposed) is written back in the checkpoint's orientation.
 */
public final class DequantizedCheckpoint {
    /** Files copied beside the weights when the model folder has them. */
    static final List<String> COPIED = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model", "vocab.json", "merges.txt",
            "spiece.model", "open_clip_config.json");

    private DequantizedCheckpoint() {
    }

    /** The files {@link #write} writes into {@code outDir}: {@code model.safetensors}, then the copied ones. */
    public static List<Path> outputs(Path modelDir, Path outDir) {
        List<Path> files = new ArrayList<>();
        files.add(outDir.resolve("model.safetensors"));
        for (String name : COPIED) {
            if (Files.isRegularFile(modelDir.resolve(name))) {
                files.add(outDir.resolve(name));
            }
        }
        return files;
    }

    /**
     * Loads {@code modelDir} with its weights stored as {@code format} and writes {@code outDir/model.safetensors}
     * plus the config and tokenizer files. Returns the number of tensors written as dequantized values.
     */
    public static int write(Path modelDir, WeightFormat format, Path outDir) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new OutputException(outDir, "it exists and is not a folder");
        }
        try {
            if (Files.isSameFile(modelDir, outDir)) {
                throw new OutputException(outDir, "it is the model folder itself; choose another output folder");
            }
        } catch (IOException notThere) {
            // the output folder does not exist yet
        }
        int[] dequantized = {0};
        try (PretrainedModel model = AutoModel.fromPretrained(modelDir, LoadOptions.defaults().withWeights(format));
             Checkpoint ckpt = Checkpoint.open(modelDir, model.checkpointLayout()::skips)) {
            CheckpointLayout layout = model.checkpointLayout();
            Map<String, StoredWeight> stored = WeightInventory.of((Module) model);
            Map<String, SafetensorsWriter.Entry> entries = new LinkedHashMap<>();
            for (String key : ckpt.keys()) {
                TensorInfo info = ckpt.info(key);
                entries.put(key, new SafetensorsWriter.Entry(info.dtype().isFloating() ? DType.FLOAT32 : info.dtype(),
                        info.shape()));
            }
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new OutputException(outDir, "cannot create the folder: " + e.getMessage(), e);
            }
            SafetensorsWriter.stream(outDir.resolve("model.safetensors"), entries,
                    Map.of("format", "pt", "lxt4j_dequantized_from", format.cliName()), key -> {
                        StoredWeight w = stored.get(key);
                        if (w != null && !(w instanceof DenseWeight)) {
                            dequantized[0]++;
                            return TensorData.ofFloats(layout.checkpointValues(key, w), ckpt.info(key).shape());
                        }
                        TensorData data = ckpt.read(key);
                        return data.dtype().isFloating() ? TensorData.ofFloats(data.toFloats(), data.shape()) : data;
                    });
        }
        for (String name : COPIED) {
            Path src = modelDir.resolve(name);
            if (Files.isRegularFile(src)) {
                try {
                    SafeOutput.write(outDir.resolve(name), Files.readAllBytes(src));
                } catch (IOException e) {
                    throw new OutputException(src, "cannot read it: " + e.getMessage(), e);
                }
            }
        }
        return dequantized[0];
    }
}
