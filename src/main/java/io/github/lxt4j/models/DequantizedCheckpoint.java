package io.github.lxt4j.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutputFolder;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.SamePath;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.models.bnb.BnbCheckpoint;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    static final List<String> COPIED = List.of(
            "config.json",
            "generation_config.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "tokenizer.model",
            "vocab.json",
            "merges.txt",
            "spiece.model",
            "open_clip_config.json");

    private DequantizedCheckpoint() {}

    /**
     * Loads {@code modelDir} with its weights stored as {@code format} and writes {@code outDir/model.safetensors}
     * plus the config and tokenizer files, under the folder policy of {@link SafeOutputFolder}: a folder that is not
     * empty is refused. Returns the number of tensors written as dequantized values.
     */
    public static int write(Path modelDir, WeightFormat format, Path outDir) {
        return write(modelDir, format, outDir, false, () -> {});
    }

    /**
     * As {@link #write(Path, WeightFormat, Path)}; with {@code replace}, a folder that is not empty is replaced whole
     * (nothing of it survives), and {@code beforeReplacing} runs just before.
     */
    public static int write(
            Path modelDir, WeightFormat format, Path outDir, boolean replace, Runnable beforeReplacing) {
        if (SamePath.within(modelDir, outDir)) {
            throw new OutputException(
                    outDir, "it is or holds the model folder " + modelDir + "; choose another output folder");
        }
        int[] dequantized = {0};
        SafeOutputFolder.write(
                outDir, replace, tmp -> dequantized[0] = writeInto(modelDir, format, tmp), beforeReplacing);
        return dequantized[0];
    }

    private static int writeInto(Path modelDir, WeightFormat format, Path outDir) throws IOException {
        int[] dequantized = {0};
        boolean fromBnb;
        try (PretrainedModel model = AutoModel.fromPretrained(
                        modelDir, LoadOptions.defaults().withWeights(format));
                Checkpoint ckpt = Checkpoint.open(modelDir, model.checkpointLayout()::skips)) {
            CheckpointLayout layout = model.checkpointLayout();
            Map<String, StoredWeight> stored = WeightInventory.of((Module) model);
            BnbCheckpoint bnb = BnbCheckpoint.of(ckpt);
            fromBnb = !bnb.isEmpty();
            Set<String> parts = new HashSet<>();
            for (String key : ckpt.keys()) {
                parts.addAll(bnb.partsOf(key));
            }
            Map<String, SafetensorsWriter.Entry> entries = new LinkedHashMap<>();
            for (String key : ckpt.keys()) {
                TensorInfo info = ckpt.info(key);
                if (parts.contains(key)) {
                    continue;
                }
                if (bnb.isQuantized(key)) {
                    entries.put(key, new SafetensorsWriter.Entry(DType.FLOAT32, bnb.shapeOf(key)));
                    continue;
                }
                entries.put(
                        key,
                        new SafetensorsWriter.Entry(
                                info.dtype().isFloating() ? DType.FLOAT32 : info.dtype(), info.shape()));
            }
            SafetensorsWriter.stream(
                    outDir.resolve("model.safetensors"),
                    entries,
                    Map.of("format", "pt", "lxt4j_dequantized_from", format.cliName()),
                    key -> {
                        StoredWeight w = stored.get(key);
                        if (w == null && bnb.isQuantized(key)) {
                            dequantized[0]++;
                            StoredWeight q = bnb.load(key, bnb.shapeOf(key));
                            return TensorData.ofFloats(q.dequantize(), q.shape());
                        }
                        if (w != null && !(w instanceof DenseWeight)) {
                            dequantized[0]++;
                            return TensorData.ofFloats(
                                    layout.checkpointValues(key, w),
                                    entries.get(key).shape());
                        }
                        TensorData data = ckpt.read(key);
                        return data.dtype().isFloating() ? TensorData.ofFloats(data.toFloats(), data.shape()) : data;
                    });
        }
        for (String name : COPIED) {
            Path src = modelDir.resolve(name);
            if (Files.isRegularFile(src)) {
                byte[] bytes = Files.readAllBytes(src);
                Files.write(
                        outDir.resolve(name),
                        fromBnb && name.equals("config.json") ? withoutQuantizationConfig(src, bytes) : bytes);
            }
        }
        return dequantized[0];
    }

    /** config.json of a bitsandbytes checkpoint without its {@code quantization_config}: the output is float. */
    private static byte[] withoutQuantizationConfig(Path file, byte[] json) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode root = mapper.readTree(json);
            if (root instanceof ObjectNode o) {
                o.remove("quantization_config");
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
